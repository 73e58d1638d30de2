package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/** {@code --neurons N}: copies of the model fed by each input stream ({@code run}, {@code flink}; a picocli {@code @Mixin}). */
public final class NeuronsOption {
    @Option(names = "--neurons", defaultValue = "1", paramLabel = "N") int perStream;

    /** The neurons per stream, at least 1. */
    public int perStream() {
        if (perStream < 1) {
            throw new IllegalArgumentException("--neurons: expected at least 1, found " + perStream);
        }
        return perStream;
    }
}
