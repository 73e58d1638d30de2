package io.elmkit.sim.engine;

import io.elmkit.sim.model.ElmModel;

/**
 * What a new neuron is: its model, the input stream it listens to (or none: {@code input < 0}), and
 * an optional {@link SpikeRule} that turns its outputs into spikes for other neurons and sinks.
 */
public record NeuronSpec(ElmModel model, int input, int stream, SpikeRule spikeRule) {
    /** Checks the spec: a model, a stream when listening to an input, a spike rule reading an existing output. */
    public NeuronSpec {
        if (model == null) {
            throw new IllegalArgumentException("neuron spec: model is null");
        }
        if (input >= 0 && stream < 0) {
            throw new IllegalArgumentException("neuron spec: stream must be >= 0 when listening to input " + input);
        }
        if (spikeRule != null && spikeRule.outputIndex() >= model.numOutput()) {
            throw new IllegalArgumentException("spike rule reads output " + spikeRule.outputIndex() + " but the model has "
                + model.numOutput() + " outputs");
        }
    }

    /** A neuron listening to {@code stream} of input {@code input}, emitting no spikes. */
    public static NeuronSpec listening(ElmModel model, int input, int stream) {
        return new NeuronSpec(model, input, stream, null);
    }

    /** A neuron fed only by connections from other neurons. */
    public static NeuronSpec unfed(ElmModel model) {
        return new NeuronSpec(model, -1, -1, null);
    }

    /** The same neuron, emitting spikes by {@code rule}. */
    public NeuronSpec withSpikes(SpikeRule rule) {
        return new NeuronSpec(model, input, stream, rule);
    }
}
