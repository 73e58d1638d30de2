package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/** {@code --json}: a command that prints a result prints it as JSON instead of text ({@code info}, {@code eval}; a picocli {@code @Mixin}). */
public final class JsonFlag {
    @Option(names = "--json") boolean json;

    /** True when JSON was asked for. */
    public boolean json() {
        return json;
    }
}
