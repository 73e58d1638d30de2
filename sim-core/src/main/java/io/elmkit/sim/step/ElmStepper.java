package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;

/**
 * Advances a batch of independent ELM neurons that share one model's weights, one time step at a
 * time, from state zero. Implementations: {@link DenseStepper} (the reference math, every synapse
 * every step) and {@link EventStepper} (cost per step O(branches + spikes) for the synapses).
 * Not thread-safe: one stepper per thread.
 */
public interface ElmStepper {

    /** The model every neuron of the batch runs. */
    ElmModel model();

    /** Neurons in the batch. */
    int batchSize();

    /** Sets every neuron's state back to zero (s_0 = 0, m_0 = 0). */
    void reset();

    /** Sets one neuron's state back to zero, leaving the others as they are (a slot reused for a new neuron). */
    void resetNeuron(int neuron);

    /**
     * Doubles in one neuron's state, as {@link #saveNeuronState} writes it: what a checkpoint of a
     * running neuron holds (traces or branch part, and memory; float values are exact in a double).
     */
    int neuronStateLength();

    /** Copies neuron {@code neuron}'s state to {@code dst[offset ..]} ({@link #neuronStateLength()} values). */
    void saveNeuronState(int neuron, double[] dst, int offset);

    /**
     * Sets neuron {@code neuron}'s state from {@code src[offset ..]}, as written by {@link #saveNeuronState}
     * of a stepper of the same model and kind; stepping on gives bit for bit what the saved stepper would.
     */
    void loadNeuronState(int neuron, double[] src, int offset);

    /**
     * One step from dense input rows: neuron b reads {@code numInput} values starting at
     * {@code inputOffset + b * inputStride} and writes {@code numOutput} values starting at
     * {@code outputOffset + b * outputStride}.
     */
    void step(float[] input, int inputOffset, int inputStride, float[] output, int outputOffset, int outputStride);

    /** One step from sparse input events; outputs as in {@link #step}. */
    void step(StepEvents events, float[] output, int outputOffset, int outputStride);

    /**
     * The reference {@code forward}: input (B, T, num_input) in C order, from zero state, returns
     * (B, T, num_output). {@code batch} must equal {@link #batchSize()}. Resets first.
     */
    default float[] forward(float[] input, int batch, int steps) {
        ElmModel m = model();
        int dIn = m.numInput();
        int dO = m.numOutput();
        if (batch != batchSize()) {
            throw new IllegalArgumentException("stepper has batch size " + batchSize() + ", input has " + batch);
        }
        if ((long) batch * steps * dIn != input.length) {
            throw new IllegalArgumentException("input holds " + input.length + " values, expected B * T * num_input = "
                + batch + " * " + steps + " * " + dIn);
        }
        float[] output = new float[batch * steps * dO];
        reset();
        for (int t = 0; t < steps; t++) {
            step(input, t * dIn, steps * dIn, output, t * dO, steps * dO);
        }
        return output;
    }
}
