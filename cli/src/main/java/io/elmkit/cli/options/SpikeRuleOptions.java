package io.elmkit.cli.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --spike-threshold} and {@code --refractory-steps}: the spike rule of the commands that run
 * populations ({@code run}, {@code flink}; a picocli {@code @Mixin}).
 */
public final class SpikeRuleOptions {
    @Option(names = "--spike-threshold", paramLabel = "P") Double threshold;

    @Mixin RefractoryOption refractory;

    /** The threshold given, or null for no spikes. */
    public Double threshold() {
        return threshold;
    }

    public int refractorySteps() {
        return refractory.refractorySteps();
    }
}
