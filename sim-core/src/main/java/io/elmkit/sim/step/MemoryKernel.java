package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;

/**
 * The memory part of a step for a batch of neurons, whichever kernel suits the batch: neuron by
 * neuron ({@link DendriteKernel}) for small batches, batch-vectorised ({@link BatchKernel}) from
 * {@value #BATCH_KERNEL_MIN} neurons on. Both give bit-identical results.
 */
final class MemoryKernel {
    /** From this many neurons on, the batch-vectorised kernel is faster than stepping neurons one by one. */
    static final int BATCH_KERNEL_MIN = 8;

    private final int batch;
    private final DendriteKernel perNeuron;
    private final BatchKernel batched;
    private int active;

    MemoryKernel(ElmModel model, int batch) {
        this.batch = batch;
        this.active = batch;
        this.perNeuron = batch < BATCH_KERNEL_MIN ? new DendriteKernel(model, batch) : null;
        this.batched = batch >= BATCH_KERNEL_MIN ? new BatchKernel(model, batch) : null;
    }

    /** Steps only neurons 0..count-1 from now on. */
    void setActive(int count) {
        active = count;
        if (batched != null) {
            batched.setActive(count);
        }
    }

    void reset() {
        if (batched != null) {
            batched.reset();
        } else {
            perNeuron.reset();
        }
    }

    void resetNeuron(int neuron) {
        if (batched != null) {
            batched.resetNeuron(neuron);
        } else {
            perNeuron.resetNeuron(neuron);
        }
    }

    /** Values of one neuron's memory state (num_memory). */
    int stateLength() {
        return batched != null ? batched.stateLength() : perNeuron.stateLength();
    }

    void saveNeuron(int neuron, double[] dst, int offset) {
        if (batched != null) {
            batched.saveNeuron(neuron, dst, offset);
        } else {
            perNeuron.saveNeuron(neuron, dst, offset);
        }
    }

    void loadNeuron(int neuron, double[] src, int offset) {
        if (batched != null) {
            batched.loadNeuron(neuron, src, offset);
        } else {
            perNeuron.loadNeuron(neuron, src, offset);
        }
    }

    /** One step of every neuron from its first-layer branch part; outputs at offset + b * stride. */
    void step(double[][] branchPart, float[] output, int outputOffset, int outputStride) {
        if (batched != null) {
            batched.step(branchPart, output, outputOffset, outputStride);
        } else {
            for (int b = 0; b < active; b++) {
                perNeuron.step(b, branchPart[b], output, outputOffset + b * outputStride);
            }
        }
    }

    /** Rejects an event outside the batch or the input channels, naming it. */
    static void checkEvent(int event, int neuron, int channel, int batch, int numInput) {
        if (neuron < 0 || neuron >= batch || channel < 0 || channel >= numInput) {
            throw new IllegalArgumentException("event " + event + " (neuron " + neuron + ", channel " + channel
                + ") is outside batch " + batch + " x num_input " + numInput);
        }
    }
}
