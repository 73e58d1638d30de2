package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * The memory part of a step for a batch of neurons, whichever kernel suits the batch: neuron by
 * neuron ({@link DendriteKernel}) for small batches, batch-vectorised ({@link BatchKernel}) from
 * {@value #BATCH_KERNEL_MIN} neurons on. Both give bit-identical results. Holds the memory state
 * (reset, save and load defined here once, for either layout); the kernels only step it.
 */
final class MemoryKernel {
    /** From this many neurons on, the batch-vectorised kernel is faster than stepping neurons one by one. */
    static final int BATCH_KERNEL_MIN = 8;

    private final int numMemory;
    private final DendriteKernel perNeuron;
    private final BatchKernel batched;
    /**
     * The memory of every neuron, owned here and stepped by the kernel in use: [neuron][unit] for
     * the per-neuron kernel, [unit][neuron] (the batch contiguous) for the batched one.
     */
    private final float[][] memory;
    private final boolean neuronMajor;
    private int active;

    MemoryKernel(ElmModel model, int batch) {
        this.numMemory = model.numMemory();
        this.active = batch;
        this.neuronMajor = batch < BATCH_KERNEL_MIN;
        this.memory = neuronMajor ? new float[batch][numMemory] : new float[numMemory][batch];
        this.perNeuron = neuronMajor ? new DendriteKernel(model, memory) : null;
        this.batched = neuronMajor ? null : new BatchKernel(model, memory, batch);
    }

    /** Steps only neurons 0..count-1 from now on. */
    void setActive(int count) {
        active = count;
        if (batched != null) {
            batched.setActive(count);
        }
    }

    void reset() {
        for (float[] row : memory) {
            Arrays.fill(row, 0f);
        }
    }

    void resetNeuron(int neuron) {
        for (int k = 0; k < numMemory; k++) {
            set(neuron, k, 0f);
        }
    }

    /** Values of one neuron's memory state (num_memory). */
    int stateLength() {
        return numMemory;
    }

    void saveNeuron(int neuron, double[] dst, int offset) {
        for (int k = 0; k < numMemory; k++) {
            dst[offset + k] = neuronMajor ? memory[neuron][k] : memory[k][neuron];
        }
    }

    void loadNeuron(int neuron, double[] src, int offset) {
        for (int k = 0; k < numMemory; k++) {
            set(neuron, k, (float) src[offset + k]);
        }
    }

    private void set(int neuron, int unit, float value) {
        if (neuronMajor) {
            memory[neuron][unit] = value;
        } else {
            memory[unit][neuron] = value;
        }
    }

    /** One step of every neuron from its first-layer branch part; outputs at offset + b * stride. */
    void step(double[][] branchPart, float[] output, int outputOffset, int outputStride) {
        if (batched != null) {
            batched.step(branchPart, output, outputOffset, outputStride);
        } else {
            for (int b = 0; b < active; b++) {
                perNeuron.step(memory[b], branchPart[b], output, outputOffset + b * outputStride);
            }
        }
    }

    /**
     * {@link #step} after advancing each neuron's branch part, z_b = kappa z_b + sums[b] (the decay
     * alone where sums[b] is null); the batched kernel does both in one pass.
     */
    void step(double[][] branchPart, double kappa, double[][] sums, float[] output, int outputOffset, int outputStride) {
        if (batched != null) {
            batched.step(branchPart, kappa, sums, output, outputOffset, outputStride);
            return;
        }
        int h = branchPart.length == 0 ? 0 : branchPart[0].length;
        for (int b = 0; b < active; b++) {
            if (sums[b] == null) {
                Synapses.decay(branchPart[b], kappa, h);
            } else {
                Synapses.decayAndAdd(branchPart[b], kappa, sums[b], h);
            }
        }
        step(branchPart, output, outputOffset, outputStride);
    }

    /** Rejects an event outside the batch or the input channels, naming it (its index when {@code event >= 0}). */
    static void checkEvent(int event, int neuron, int channel, int batch, int numInput) {
        if (neuron < 0 || neuron >= batch || channel < 0 || channel >= numInput) {
            throw new IllegalArgumentException((event >= 0 ? "event " + event : "event") + " (neuron " + neuron + ", channel " + channel
                + ") is outside batch " + batch + " x num_input " + numInput);
        }
    }
}
