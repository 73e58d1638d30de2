package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --refractory-steps R}: the silent steps after a spike of the spike rule, defined once for the
 * commands that run it ({@code run}, {@code flink}: {@link SpikeRuleOptions}) and the one that matches
 * its threshold to NEURON ({@code eval-neuronio}; a picocli {@code @Mixin}).
 */
public final class RefractoryOption {
    @Option(names = "--refractory-steps", defaultValue = "2", paramLabel = "R") int refractorySteps;

    /** The refractory steps given, else 2. */
    public int refractorySteps() {
        return refractorySteps;
    }
}
