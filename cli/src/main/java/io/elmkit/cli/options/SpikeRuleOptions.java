package io.elmkit.cli.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --spike-threshold} and {@code --refractory-steps}: the spike rule of the commands that run
 * populations ({@code run}, {@code flink}; a picocli {@code @Mixin}).
 */
public final class SpikeRuleOptions {
    @Option(names = "--spike-threshold", paramLabel = "P",
        description = "Neurons emit spikes when sigmoid(output 0) >= P (`spikes` in the outputs .npz, elmkit.spike on"
            + " outputs records; default: no spikes). For a NeuronIO surrogate take P from `eval-neuronio` (its"
            + " \"NEURON's rate\" threshold fires as many spikes as NEURON; 0.5 is usually never reached).")
    Double threshold;

    @Mixin
    RefractoryOption refractory;

    /** The threshold given, or null for no spikes. */
    public Double threshold() {
        return threshold;
    }

    public int refractorySteps() {
        return refractory.refractorySteps();
    }
}
