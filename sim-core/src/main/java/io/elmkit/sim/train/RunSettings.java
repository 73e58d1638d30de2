package io.elmkit.sim.train;

import java.util.Objects;

/**
 * What every training run is asked, whatever the task: epochs, optimiser and learning rate (cosine
 * decay to 0 over all epochs), the seed of the run's random draws, worker threads, and how the
 * output directory is treated (resume, force, stop after an epoch). Immutable; made with
 * {@link #builder()}, which checks the values in {@link Builder#build()}.
 */
public final class RunSettings {
    private final int epochs;
    private final Optimizer.Kind optimizer;
    private final double learningRate;
    private final long seed;
    private final int threads;
    private final boolean resume;
    private final boolean force;
    private final int stopAfterEpoch;

    private RunSettings(Builder b) {
        this.epochs = b.epochs;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.threads = b.threads;
        this.resume = b.resume;
        this.force = b.force;
        this.stopAfterEpoch = b.stopAfterEpoch;
    }

    /** A builder with 1 epoch, Adamax at 5e-3, seed 0, every core, a fresh run into an empty directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).optimizer(optimizer).learningRate(learningRate).seed(seed)
            .threads(threads).resume(resume).force(force).stopAfterEpoch(stopAfterEpoch);
    }

    /** Epochs of the whole run (the learning-rate schedule spans them all, also when stopped early). */
    public int epochs() {
        return epochs;
    }

    public Optimizer.Kind optimizer() {
        return optimizer;
    }

    /** The initial learning rate; it decays to 0 along a cosine over the run's steps. */
    public double learningRate() {
        return learningRate;
    }

    /** Seed of initialisation and of every random draw of the run (data, dropout). */
    public long seed() {
        return seed;
    }

    /** Worker threads of training steps and evaluation. */
    public int threads() {
        return threads;
    }

    /** Continue the run saved in the output directory ({@link TrainingState#FILE} and last/) when present. */
    public boolean resume() {
        return resume;
    }

    /** Start a fresh run in a non-empty output directory (only files the run writes are replaced). */
    public boolean force() {
        return force;
    }

    /** Stop after this epoch (0: run all), e.g. to split a run; the schedule still spans {@link #epochs()}. */
    public int stopAfterEpoch() {
        return stopAfterEpoch;
    }

    /** Collects the values; {@link #build()} checks them. */
    public static final class Builder {
        private int epochs = 1;
        private Optimizer.Kind optimizer = Optimizer.Kind.ADAMAX;
        private double learningRate = 5e-3;
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean resume;
        private boolean force;
        private int stopAfterEpoch;

        private Builder() {
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optimizer(Optimizer.Kind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        public Builder stopAfterEpoch(int stopAfterEpoch) {
            this.stopAfterEpoch = stopAfterEpoch;
            return this;
        }

        /** The settings; throws IllegalArgumentException naming the first value out of range. */
        public RunSettings build() {
            Objects.requireNonNull(optimizer, "optimizer");
            requireAtLeast("epochs", epochs, 1);
            requireAtLeast("threads", threads, 1);
            requireAtLeast("stop after epoch", stopAfterEpoch, 0);
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("learning rate: expected a finite number > 0, found " + learningRate);
            }
            return new RunSettings(this);
        }
    }

    /** Throws IllegalArgumentException unless {@code value >= min}: one line naming what, expected and found. */
    public static void requireAtLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + ": expected a whole number >= " + min + ", found " + value);
        }
    }
}
