package io.elmkit.sim.train;

/**
 * One training batch a {@link TrainingTask} hands the {@link TrainingLoop}: its input (dense
 * (B, T, d_in) counts or sparse sequences) and the loss over a part of it. The loop takes the
 * optimiser step ({@link #step}).
 */
public final class TrainingBatch {
    private final float[] dense;
    private final int size;
    private final int steps;
    private final SpikeSequences sparse;
    private final Trainer.PartLoss loss;

    private TrainingBatch(float[] dense, int size, int steps, SpikeSequences sparse, Trainer.PartLoss loss) {
        this.dense = dense;
        this.size = size;
        this.steps = steps;
        this.sparse = sparse;
        this.loss = loss;
    }

    /**
     * A dense batch.
     *
     * @param x spike counts (B, T, d_in), at least size * steps * d_in values
     * @param size B, the samples in the batch
     * @param steps T, the steps of each sample
     * @param loss the loss over a part of the batch
     * @return the batch
     */
    public static TrainingBatch dense(float[] x, int size, int steps, Trainer.PartLoss loss) {
        return new TrainingBatch(x, size, steps, null, loss);
    }

    /**
     * A batch of sparse input sequences.
     *
     * @param x the batch's input sequences
     * @param loss the loss over a part of the batch
     * @return the batch
     */
    public static TrainingBatch sparse(SpikeSequences x, Trainer.PartLoss loss) {
        return new TrainingBatch(null, x.batch(), 0, x, loss);
    }

    /** One optimiser step of {@code trainer} on this batch; returns the batch's mean loss. */
    double step(Trainer trainer) throws InterruptedException {
        return sparse != null ? trainer.step(sparse, loss) : trainer.step(dense, size, steps, loss);
    }
}
