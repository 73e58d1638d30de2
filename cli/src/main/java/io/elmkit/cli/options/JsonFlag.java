package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/** {@code --json}: a command that prints a result prints it as JSON instead of text ({@code info}, {@code eval}; a picocli {@code @Mixin}). */
public final class JsonFlag {
    @Option(names = "--json", description = "Print JSON instead of text (a flag; default: text).")
    boolean json;

    /** True when JSON was asked for. */
    public boolean json() {
        return json;
    }
}
