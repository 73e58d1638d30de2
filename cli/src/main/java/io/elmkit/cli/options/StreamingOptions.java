package io.elmkit.cli.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --realtime} and {@code --duration-ms}: how the commands that stream a spike file ({@code run},
 * {@code publish}) pace it and cut an SHD {@code .h5} (a picocli {@code @Mixin}).
 */
public final class StreamingOptions {
    @Option(names = "--realtime") boolean realtime;

    @Mixin ShdCutOption cut;

    /** True when steps are paced to the wall clock. */
    public boolean realtime() {
        return realtime;
    }

    /** The SHD cut in ms, or null to keep every spike. */
    public Double durationMs() {
        return cut.durationMs();
    }
}
