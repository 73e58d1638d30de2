package io.elmkit.shd.train;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ShdAddingBatch;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingGenerator;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.train.Loss;
import io.elmkit.sim.train.RunSettings;
import io.elmkit.sim.train.TrainingBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains an ELM on SHD-Adding as the reference notebook does: train pairs from the train split,
 * validation pairs from a held-out split of the train file and test pairs from the test file
 * (validation and test streams re-seeded with seed 0 every pass), cross-entropy on the last
 * output, Adamax with cosine decay, input dropout on training batches. Keeps the checkpoint with
 * the best validation accuracy and reports its test accuracy; writes the learning curve. The epoch
 * loop is sim-core's {@link io.elmkit.sim.train.TrainingLoop}; this class supplies pairs and accuracy.
 */
public final class ShdAddingTraining extends ShdTask {

    /** SHD-Adding's classes: digit sums 0..18. */
    public static final int CLASSES = 19;

    /** The reference notebook's setup (docs/tasks.md, SHD-Adding) with 2000 batches per epoch. */
    public static final Settings DEFAULTS = Settings.builder().build();

    /**
     * SHD-Adding's settings: the SHD ones plus the pair budget and the notebook's evaluation quirk.
     * Immutable; made with {@link #builder()}, checked when made.
     *
     * @param shd the settings both SHD tasks share
     * @param batchesPerEpoch training batches per epoch
     * @param validationBatches batches for the train and validation accuracy after each epoch
     * @param testBatches batches for the final test accuracy
     * @param dropoutInEvaluation the notebook's quirk: input dropout in validation and test too
     */
    public record Settings(ShdSettings shd, int batchesPerEpoch, int validationBatches, int testBatches,
                           boolean dropoutInEvaluation) {

        public Settings {
            java.util.Objects.requireNonNull(shd, "shd");
            RunSettings.requireAtLeast("batches per epoch", batchesPerEpoch, 1);
            RunSettings.requireAtLeast("validation batches", validationBatches, 1);
            RunSettings.requireAtLeast("test batches", testBatches, 1);
        }

        /** A builder with the reference notebook's values (10 epochs of 2000 batches, 10 ms bins, tau_m up to 500 ms). */
        public static Builder builder() {
            return new Builder();
        }

        /** Collects the values; {@link #build()} checks them. */
        public static final class Builder {
            private ShdSettings shd = ShdSettings.builder().run(RunSettings.builder().epochs(10).build()).binMs(10)
                .memoryTauMs(1, 500).build();
            private int batchesPerEpoch = 2000;
            private Integer validationBatches;
            private Integer testBatches;
            private boolean dropoutInEvaluation;

            /** The settings; throws IllegalArgumentException naming the first value out of range. */
            public Settings build() {
                return new Settings(shd, batchesPerEpoch, validationBatches != null ? validationBatches
                    : validationBatchesFor(batchesPerEpoch), testBatches != null ? testBatches
                    : testBatchesFor(batchesPerEpoch), dropoutInEvaluation);
            }

            public Builder shd(ShdSettings shd) { this.shd = shd; return this; }
            public Builder batchesPerEpoch(int batches) { this.batchesPerEpoch = batches; return this; }
            /** Null: {@link #validationBatchesFor} the batches per epoch. */
            public Builder validationBatches(Integer batches) { this.validationBatches = batches; return this; }
            /** Null: {@link #testBatchesFor} the batches per epoch. */
            public Builder testBatches(Integer batches) { this.testBatches = batches; return this; }
            public Builder dropoutInEvaluation(boolean dropout) { this.dropoutInEvaluation = dropout; return this; }
        }
    }

    /**
     * Validation batches that fit a budget of {@code batchesPerEpoch}: a quarter of it, at least 1
     * (the reference's 500 for its 2000), so a short run validates briefly.
     */
    public static int validationBatchesFor(int batchesPerEpoch) {
        return Math.max(1, (batchesPerEpoch + 3) / 4);
    }

    /** Test batches that fit a budget of {@code batchesPerEpoch}: as many (the reference's 2000 for its 2000). */
    public static int testBatchesFor(int batchesPerEpoch) {
        return Math.max(1, batchesPerEpoch);
    }

    private final Settings adding;

    private ShdAddingTraining(ShdSplit data, Settings adding) {
        super(data, adding.shd(), CLASSES);
        this.adding = adding;
    }

    /** Trains on pairs of {@code trainFile}, tests on pairs of {@code testFile}, writes into {@code out}. */
    public static ShdOutcome run(ShdSamples trainFile, ShdSamples testFile, Path out, Settings s, PrintStream log)
        throws IOException, InterruptedException {
        return ShdTask.run("SHD-Adding", CLASSES, trainFile, testFile, out, s.shd(),
            (data, shd) -> new ShdAddingTraining(data, s), log);
    }

    @Override
    String stepsPerSample() {
        return 2 * data.train().binning().numBins() + " steps per pair";
    }

    @Override
    public int batchesPerEpoch() {
        return adding.batchesPerEpoch();
    }

    @Override
    public EpochBatches epoch(int epoch) {
        ShdSettings s = settings;
        long seed = s.run().seed();
        // Dropout draws from a stream per epoch, so a resumed run draws exactly what an uninterrupted one would.
        SplittableRandom dropoutRng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        ShdAddingGenerator gen = new ShdAddingGenerator(data.train(),
            ShdAddingConfig.reference(seed + epoch, s.batchSize(), s.binMs(), adding.batchesPerEpoch()));
        ShdAddingBatch batch = gen.newBatch();
        int steps = batch.numSteps();
        int channels = data.channels();
        float[] x = new float[s.batchSize() * steps * channels];
        long[] labels = new long[s.batchSize()];
        return () -> {
            if (!gen.next(batch)) {
                return null;
            }
            int n = batch.size();
            batch.fillDense(x);
            InputDropout.apply(x, n * steps * channels, s.inputDropout(), dropoutRng);
            for (int i = 0; i < n; i++) {
                labels[i] = batch.label(i);
            }
            return TrainingBatch.dense(x, n, steps, (y, first, count, gy) -> Loss.crossEntropyLast(y, count, steps,
                CLASSES, Arrays.copyOfRange(labels, first, first + count), gy));
        };
    }

    @Override
    double accuracy(ElmModel model, BinnedSamples samples, Part part, long seed, PrintStream log)
        throws InterruptedException {
        int batches = part == Part.TEST ? adding.testBatches() : adding.validationBatches();
        return accuracy(model, samples, settings.batchSize(), batches, seed,
            adding.dropoutInEvaluation() ? settings.inputDropout() : 0, settings.run().threads(),
            ProgressMeter.start(part.label + " batches", batches, log));
    }

    /**
     * Accuracy on the last output over {@code batches} batches of {@code batchSize} pairs drawn with
     * {@code seed} (the reference's generator), with input dropout {@code dropout} (0: none, the
     * default; the notebook's quirk drops in evaluation too); advances {@code progress} per batch.
     */
    public static double accuracy(ElmModel model, BinnedSamples samples, int batchSize, int batches, long seed,
                                  double dropout, int threads, ProgressMeter progress) throws InterruptedException {
        ShdAddingGenerator gen = new ShdAddingGenerator(samples, ShdAddingConfig.reference(seed, batchSize,
            samples.binning().binMs(), batches));
        ShdAddingBatch batch = gen.newBatch();
        int steps = batch.numSteps();
        int channels = samples.numChannels();
        float[] x = new float[batchSize * steps * channels];
        SplittableRandom rng = new SplittableRandom(seed);
        long correct = 0;
        long total = 0;
        while (gen.next(batch)) {
            int n = batch.size();
            batch.fillDense(x);
            InputDropout.apply(x, n * steps * channels, dropout, rng);
            float[] part = n * steps * channels == x.length ? x : Arrays.copyOf(x, n * steps * channels);
            float[] y = BatchForward.run(model, StepperKind.EVENT, part, n, steps, threads);
            for (int i = 0; i < n; i++) {
                correct += ShdModels.predictedClass(y, i, steps, CLASSES) == batch.label(i) ? 1 : 0;
                total++;
            }
            progress.advance(1);
            progress.detail(String.format(Locale.ROOT, "accuracy %.3f", (double) correct / total));
        }
        progress.finish();
        return total == 0 ? 0 : (double) correct / total;
    }
}
