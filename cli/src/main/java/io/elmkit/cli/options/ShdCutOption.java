package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --duration-ms}: where the commands that bin an SHD {@code .h5} into steps ({@code run},
 * {@code publish}, {@code convert}) cut it (a picocli {@code @Mixin}).
 */
public final class ShdCutOption {
    @Option(names = "--duration-ms", paramLabel = "MS",
        description = "SHD .h5 only: steps = the reference binning of MS ms, spikes at or after it dropped (default: from"
            + " the data, the latest spike's step + 1, so every spike is kept; 1000 reproduces the reference's 1 s cut"
            + " per digit).")
    Double durationMs;

    /** The SHD cut in ms, or null to keep every spike. */
    public Double durationMs() {
        return durationMs;
    }
}
