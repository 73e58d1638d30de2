package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/** {@code --threads N}, defined once for every command that runs on several cores (a picocli {@code @Mixin}). */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N") Integer threads;

    /** The threads to use: the option, else every core. */
    public int count() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
