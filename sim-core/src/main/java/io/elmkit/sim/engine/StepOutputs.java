package io.elmkit.sim.engine;

/** A read-only view of one step's outputs, handed to {@link OutputSink}s. Neuron ids are those the engine assigned. */
public interface StepOutputs {
    /** The engine step these outputs belong to. */
    long step();

    /** Neuron ids are below this bound (some may be removed or not yet added: see {@link #isLive}). */
    int neuronIdBound();

    /** True when neuron {@code id} was stepped this step. */
    boolean isLive(int id);

    /** Outputs of neuron {@code id} (its model's num_output). */
    int numOutput(int id);

    /** Output {@code k} of neuron {@code id} at this step (the raw forward output, like {@code elmkit predict}). */
    float output(int id, int k);

    /** Neurons that spiked this step (by their {@link SpikeRule}), in increasing id order. */
    int spikeCount();

    /** The id of the i-th neuron that spiked this step (i below {@link #spikeCount()}). */
    int spikeNeuron(int i);
}
