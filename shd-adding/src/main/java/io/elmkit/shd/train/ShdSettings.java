package io.elmkit.shd.train;

import io.elmkit.sim.train.RunSettings;
import java.util.Objects;

/**
 * What both SHD tasks (classification and SHD-Adding) are asked besides the run. Immutable; made with
 * {@link #builder()} (the paper's SHD values) or from a task's defaults ({@link ShdTraining#DEFAULTS},
 * {@link ShdAddingTraining#DEFAULTS}) with {@link #toBuilder()}; checked when made.
 *
 * @param run epochs, optimiser, learning rate, seed, threads, resume/force/stop-after-epoch
 * @param batchSize samples (SHD) or pairs (SHD-Adding) per batch
 * @param binMs bin (= model step, delta_t) in ms
 * @param numMemory d_m
 * @param numBranch branches; null: one per channel (the plain ELM)
 * @param inputDropout input dropout on training batches: a count becomes 0 with this probability, no rescaling
 * @param tauMinMs smallest memory time constant
 * @param tauMaxMs largest memory time constant
 * @param validationFraction share of the train file held out for validation
 * @param seededSplit draw the validation split from the seed instead of the reference's default_rng(0).binomial
 */
public record ShdSettings(RunSettings run, int batchSize, double binMs, int numMemory, Integer numBranch,
                          double inputDropout, double tauMinMs, double tauMaxMs, double validationFraction,
                          boolean seededSplit) {

    public ShdSettings {
        Objects.requireNonNull(run, "run");
        RunSettings.requireAtLeast("batch size", batchSize, 1);
        RunSettings.requireAtLeast("num_memory", numMemory, 1);
        RunSettings.requireAtLeast("num_branch", numBranch != null ? numBranch : 1, 1);
        for (double v : new double[] {binMs, tauMinMs, tauMaxMs}) {
            if (!(v > 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException("bin and time constants (ms): expected finite numbers > 0, found "
                    + binMs + ", " + tauMinMs + ", " + tauMaxMs);
            }
        }
        for (double v : new double[] {inputDropout, validationFraction}) {
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException("input dropout and validation fraction: expected numbers in [0, 1),"
                    + " found " + inputDropout + ", " + validationFraction);
            }
        }
    }

    /** A builder with the paper's SHD setup (Table S11 runs: 70 epochs, 2 ms bins, d_m 100, tau_m 1..150 ms). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().run(run).batchSize(batchSize).binMs(binMs).numMemory(numMemory).numBranch(numBranch)
            .memoryTauMs(tauMinMs, tauMaxMs).inputDropout(inputDropout).validationSplit(validationFraction, seededSplit);
    }

    /** Collects the values (see the record's components); {@link #build()} checks them. */
    public static final class Builder {
        private RunSettings run = RunSettings.builder().epochs(70).build();
        private int batchSize = 8;
        private double binMs = 2.0;
        private int numMemory = 100;
        private Integer numBranch;
        private double inputDropout = 0.5;
        private double tauMinMs = 1.0;
        private double tauMaxMs = 150.0;
        private double validationFraction = 0.2;
        private boolean seededSplit;

        /** The settings; throws IllegalArgumentException naming the values out of range. */
        public ShdSettings build() {
            return new ShdSettings(run, batchSize, binMs, numMemory, numBranch, inputDropout, tauMinMs, tauMaxMs,
                validationFraction, seededSplit);
        }

        public Builder run(RunSettings run) { this.run = run; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        /** Bin = model step in ms. */
        public Builder binMs(double binMs) { this.binMs = binMs; return this; }
        public Builder numMemory(int numMemory) { this.numMemory = numMemory; return this; }
        /** Null: one branch per channel. */
        public Builder numBranch(Integer numBranch) { this.numBranch = numBranch; return this; }

        /** The range the memory time constants are spread over, in ms. */
        public Builder memoryTauMs(double minMs, double maxMs) {
            this.tauMinMs = minMs;
            this.tauMaxMs = maxMs;
            return this;
        }

        public Builder inputDropout(double inputDropout) { this.inputDropout = inputDropout; return this; }

        /**
         * The share of the train file held out for validation; drawn as the reference does
         * (default_rng(0).binomial) unless {@code seeded}, then from the run's seed.
         */
        public Builder validationSplit(double fraction, boolean seeded) {
            this.validationFraction = fraction;
            this.seededSplit = seeded;
            return this;
        }
    }
}
