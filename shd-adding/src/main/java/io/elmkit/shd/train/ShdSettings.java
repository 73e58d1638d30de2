package io.elmkit.shd.train;

import io.elmkit.sim.train.RunSettings;
import java.util.Objects;

/**
 * What both SHD tasks (classification and SHD-Adding) are asked besides the run: batch size, binning,
 * model shape, input dropout and the validation split. Immutable; made with {@link #builder()}
 * (the paper's SHD values) or a task's defaults ({@link ShdTraining#DEFAULTS},
 * {@link ShdAddingTraining#DEFAULTS}), checked in {@link Builder#build()}.
 */
public final class ShdSettings {
    private final RunSettings run;
    private final int batchSize;
    private final double binMs;
    private final int numMemory;
    private final Integer numBranch;
    private final double inputDropout;
    private final double tauMinMs;
    private final double tauMaxMs;
    private final double validationFraction;
    private final boolean seededSplit;

    private ShdSettings(Builder b) {
        this.run = b.run;
        this.batchSize = b.batchSize;
        this.binMs = b.binMs;
        this.numMemory = b.numMemory;
        this.numBranch = b.numBranch;
        this.inputDropout = b.inputDropout;
        this.tauMinMs = b.tauMinMs;
        this.tauMaxMs = b.tauMaxMs;
        this.validationFraction = b.validationFraction;
        this.seededSplit = b.seededSplit;
    }

    /** A builder with the paper's SHD setup (Table S11 runs: 70 epochs, 2 ms bins, d_m 100, tau_m 1..150 ms). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().run(run).batchSize(batchSize).binMs(binMs).numMemory(numMemory).numBranch(numBranch)
            .inputDropout(inputDropout).tauMinMs(tauMinMs).tauMaxMs(tauMaxMs).validationFraction(validationFraction)
            .seededSplit(seededSplit);
    }

    /** Epochs, optimiser, learning rate, seed, threads, resume/force/stop-after-epoch. */
    public RunSettings run() {
        return run;
    }

    /** Samples (SHD) or pairs (SHD-Adding) per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Bin (= model step, delta_t) in ms. */
    public double binMs() {
        return binMs;
    }

    public int numMemory() {
        return numMemory;
    }

    /** Branches; null: one per channel (the plain ELM). */
    public Integer numBranch() {
        return numBranch;
    }

    /** Input dropout on training batches: a spike count becomes 0 with this probability, no rescaling. */
    public double inputDropout() {
        return inputDropout;
    }

    public double tauMinMs() {
        return tauMinMs;
    }

    public double tauMaxMs() {
        return tauMaxMs;
    }

    /** Share of the train file held out for validation. */
    public double validationFraction() {
        return validationFraction;
    }

    /** Draw the validation split from the seed instead of the reference's default_rng(0).binomial. */
    public boolean seededSplit() {
        return seededSplit;
    }

    /** Collects the values; {@link #build()} checks them. */
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

        private Builder() {
        }

        public Builder run(RunSettings run) {
            this.run = run;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder binMs(double binMs) {
            this.binMs = binMs;
            return this;
        }

        public Builder numMemory(int numMemory) {
            this.numMemory = numMemory;
            return this;
        }

        public Builder numBranch(Integer numBranch) {
            this.numBranch = numBranch;
            return this;
        }

        public Builder inputDropout(double inputDropout) {
            this.inputDropout = inputDropout;
            return this;
        }

        public Builder tauMinMs(double tauMinMs) {
            this.tauMinMs = tauMinMs;
            return this;
        }

        public Builder tauMaxMs(double tauMaxMs) {
            this.tauMaxMs = tauMaxMs;
            return this;
        }

        public Builder validationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        public Builder seededSplit(boolean seededSplit) {
            this.seededSplit = seededSplit;
            return this;
        }

        /** The settings; throws IllegalArgumentException naming the first value out of range. */
        public ShdSettings build() {
            Objects.requireNonNull(run, "run");
            RunSettings.requireAtLeast("batch size", batchSize, 1);
            RunSettings.requireAtLeast("num_memory", numMemory, 1);
            if (numBranch != null) {
                RunSettings.requireAtLeast("num_branch", numBranch, 1);
            }
            requirePositive("bin ms", binMs);
            requirePositive("tau min ms", tauMinMs);
            requirePositive("tau max ms", tauMaxMs);
            requireFraction("input dropout", inputDropout);
            requireFraction("validation fraction", validationFraction);
            return new ShdSettings(this);
        }
    }

    static void requirePositive(String what, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(what + ": expected a finite number > 0, found " + value);
        }
    }

    static void requireFraction(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + ": expected a number in [0, 1), found " + value);
        }
    }
}
