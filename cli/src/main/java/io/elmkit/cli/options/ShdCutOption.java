package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --duration-ms}: where the commands that bin an SHD {@code .h5} into steps ({@code run},
 * {@code publish}, {@code convert}) cut it (a picocli {@code @Mixin}).
 */
public final class ShdCutOption {
    @Option(names = "--duration-ms", paramLabel = "MS") Double durationMs;

    /** The SHD cut in ms, or null to keep every spike. */
    public Double durationMs() {
        return durationMs;
    }
}
