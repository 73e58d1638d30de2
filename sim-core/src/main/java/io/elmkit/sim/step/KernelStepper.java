package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * What {@link DenseStepper} and {@link EventStepper} share: a batch of neurons of one model whose
 * state is one float64 row per neuron (the synapse or branch traces, or the first layer's branch
 * part) followed by the memory that the memory kernel (package-private MemoryKernel) holds. Resetting, saving and loading a
 * neuron are defined here once; the subclasses define the step.
 */
public abstract sealed class KernelStepper implements ElmStepper permits DenseStepper, EventStepper {
    final ElmModel model;
    final int batch;
    private double[][] rows;
    private MemoryKernel memory;

    KernelStepper(ElmModel model, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.model = model;
        this.batch = batchSize;
    }

    /** Called once by the subclass's constructor: the per-neuron rows and the memory it steps. */
    final void holdState(double[][] neuronRows, MemoryKernel memoryKernel) {
        this.rows = neuronRows;
        this.memory = memoryKernel;
    }

    /** The model every neuron of the batch runs. */
    @Override
    public final ElmModel model() {
        return model;
    }

    @Override
    public final void reset() {
        for (double[] row : rows) {
            Arrays.fill(row, 0.0);
        }
        memory.reset();
    }

    @Override
    public final void resetNeuron(int neuron) {
        if (neuron < 0 || neuron >= batch) {
            throw new IllegalArgumentException("neuron " + neuron + " outside batch " + batch);
        }
        Arrays.fill(rows[neuron], 0.0);
        memory.resetNeuron(neuron);
    }

    /** Neurons stepped together (the dense rows, or the slots of a block). */
    @Override
    public final int batchSize() {
        return batch;
    }

    /** The neuron's row (traces or branch part), then its memory. */
    @Override
    public final int neuronStateLength() {
        return rows[0].length + memory.stateLength();
    }

    @Override
    public final void saveNeuronState(int neuron, double[] dst, int offset) {
        double[] own = rows[neuron];
        System.arraycopy(own, 0, dst, offset, own.length);
        memory.saveNeuron(neuron, dst, offset + own.length);
    }

    @Override
    public final void loadNeuronState(int neuron, double[] src, int offset) {
        double[] own = rows[neuron];
        System.arraycopy(src, offset, own, 0, own.length);
        memory.loadNeuron(neuron, src, offset + own.length);
    }
}
