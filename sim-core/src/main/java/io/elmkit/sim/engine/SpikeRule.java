package io.elmkit.sim.engine;

import io.elmkit.sim.step.ExactExp;

/**
 * Turns a neuron's output into spikes: the neuron spikes at a step when sigmoid(output[k]) (or the
 * raw output, when {@code sigmoid} is false) reaches {@code threshold}, and then stays silent for
 * {@code refractorySteps} steps. For NeuronIO-trained ELMs output 0 is the spike logit, so
 * {@code SpikeRule.sigmoidOfOutput(0, 0.5, 2)} reads "spike when p(spike) >= 0.5, 2 ms refractory".
 */
public record SpikeRule(int outputIndex, double threshold, int refractorySteps, boolean sigmoid) {
    /** Checks the rule: output index and refractory steps non-negative, threshold not NaN. */
    public SpikeRule {
        if (outputIndex < 0) {
            throw new IllegalArgumentException("spike rule: output index must be >= 0, got " + outputIndex);
        }
        if (refractorySteps < 0) {
            throw new IllegalArgumentException("spike rule: refractory steps must be >= 0, got " + refractorySteps);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("spike rule: threshold is NaN");
        }
    }

    /** Spike when sigmoid(output[k]) >= threshold. */
    public static SpikeRule sigmoidOfOutput(int outputIndex, double threshold, int refractorySteps) {
        return new SpikeRule(outputIndex, threshold, refractorySteps, true);
    }

    /** True when {@code value} (output[k] of the neuron) crosses the threshold. */
    public boolean fires(float value) {
        double x = sigmoid ? ExactExp.sigmoid(value) : value;
        return x >= threshold;
    }
}
