package io.elmkit.sim.train;

import java.util.Objects;

/**
 * What every training run is asked, whatever the task. Immutable; made with {@link #builder()} (or
 * {@link #toBuilder()}), checked when made: a value out of range is an IllegalArgumentException
 * naming it.
 *
 * @param epochs epochs of the whole run (the learning-rate schedule spans them all, also when stopped early)
 * @param optimizer Adam or Adamax
 * @param learningRate the initial learning rate; it decays to 0 along a cosine over the run's steps
 * @param seed seed of initialisation and of every random draw of the run (data, dropout)
 * @param threads worker threads of training steps and evaluation
 * @param resume continue the run saved in the output directory ({@link TrainingState#FILE}, last/) when present
 * @param force start a fresh run in a non-empty output directory (only files the run writes are replaced)
 * @param stopAfterEpoch stop after this epoch (0: run all), e.g. to split a run
 */
public record RunSettings(int epochs, Optimizer.Kind optimizer, double learningRate, long seed, int threads,
                          boolean resume, boolean force, int stopAfterEpoch) {

    /** Checks the values: one IllegalArgumentException naming the first out of range. */
    public RunSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        requireAtLeast("epochs", epochs, 1);
        requireAtLeast("threads", threads, 1);
        requireAtLeast("stop after epoch", stopAfterEpoch, 0);
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate: expected a finite number > 0, found " + learningRate);
        }
    }

    /** @return a builder with 1 epoch, Adamax at 5e-3, seed 0, every core, a fresh run into an empty directory */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values, to change some of them */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).optimizer(optimizer, learningRate).seed(seed)
            .threads(threads).resume(resume).force(force).stopAfterEpoch(stopAfterEpoch);
    }

    /** Collects the values (see the record's components); {@link #build()} checks them. */
    public static final class Builder {
        private int epochs = 1;
        private Optimizer.Kind optimizer = Optimizer.Kind.ADAMAX;
        private double learningRate = 5e-3;
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean resume;
        private boolean force;
        private int stopAfterEpoch;

        /** @return the settings; throws IllegalArgumentException naming the first value out of range */
        public RunSettings build() {
            return new RunSettings(epochs, optimizer, learningRate, seed, threads, resume, force, stopAfterEpoch);
        }

        public Builder epochs(int epochs) { this.epochs = epochs; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder threads(int threads) { this.threads = threads; return this; }

        /**
         * The optimiser and its initial learning rate (cosine decay to 0 over epochs x batches per epoch steps).
         *
         * @param optimizer Adam or Adamax
         * @param learningRate the initial rate
         * @return this builder
         */
        public Builder optimizer(Optimizer.Kind optimizer, double learningRate) {
            this.optimizer = optimizer;
            this.learningRate = learningRate;
            return this;
        }

        /** Continue a saved run (see {@link RunDirectory}); the record documents each value. */
        public Builder resume(boolean resume) { this.resume = resume; return this; }
        public Builder force(boolean force) { this.force = force; return this; }
        public Builder stopAfterEpoch(int stopAfterEpoch) { this.stopAfterEpoch = stopAfterEpoch; return this; }
    }

    /**
     * Throws unless {@code value >= min}.
     *
     * @param what the value's name in the message
     * @param value the value
     * @param min the smallest allowed
     * @throws IllegalArgumentException one line naming what, expected and found
     */
    public static void requireAtLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + ": expected a whole number >= " + min + ", found " + value);
        }
    }
}
