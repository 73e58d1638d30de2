package io.elmkit.shd.train;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ReferenceBinning;
import io.elmkit.shd.ShdAddingBatch;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingGenerator;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.plot.Plot;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.train.Loss;
import io.elmkit.sim.train.Optimizer;
import io.elmkit.sim.train.RunDirectory;
import io.elmkit.sim.train.Trainer;
import io.elmkit.sim.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains an ELM on SHD-Adding as the reference notebook does: train pairs from the train split,
 * validation pairs from a held-out split of the train file and test pairs from the test file
 * (validation and test streams re-seeded with seed 0 every pass), cross-entropy on the last
 * output, Adamax with cosine decay, input dropout on training batches. Keeps the checkpoint with
 * the best validation accuracy and reports its test accuracy; writes the learning curve.
 */
public final class ShdAddingTraining {

    /** Hyperparameters (defaults: the reference notebook's, see docs/tasks.md, SHD-Adding). */
    public static final class Settings {
        public int epochs = 10;
        public int batchesPerEpoch = 2000;
        /** The reference's 500 (a quarter of its 2000 batches per epoch); see {@link #validationBatchesFor}. */
        public int validationBatches = 500;
        /** The reference's 2000 (its batches per epoch); see {@link #testBatchesFor}. */
        public int testBatches = 2000;
        public int batchSize = 8;
        public double binMs = 10.0;
        public int numMemory = 100;
        public Integer numBranch;
        public double learningRate = 5e-3;
        public Optimizer.Kind optimizer = Optimizer.Kind.ADAMAX;
        public double inputDropout = 0.5;
        public boolean dropoutInEvaluation;
        public double tauMinMs = 1.0;
        public double tauMaxMs = 500.0;
        public double validationFraction = 0.2;
        /** Draw the validation split from {@link #seed} instead of the reference's default_rng(0).binomial. */
        public boolean seededSplit;
        public long seed = 0;
        public int threads = Runtime.getRuntime().availableProcessors();
        /** Continue from DIR/training_state.npz and DIR/last when present. */
        public boolean resume;
        /** Start a fresh run in a non-empty DIR (only files the run writes are replaced). */
        public boolean force;
        /** Stop after this epoch (0: run all), e.g. to split a run; the schedule still spans all epochs. */
        public int stopAfterEpoch;
    }

    /** One row of the learning curve. */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy, double seconds) {
    }

    /** What a run produced. */
    public record Outcome(List<Epoch> curve, double bestValidationAccuracy, int bestEpoch, double testAccuracy,
                          Path bestModel) {
    }

    /** SHD-Adding's classes: digit sums 0..18. */
    public static final int CLASSES = 19;

    /** The files a run writes into DIR besides the checkpoints and the training state. */
    static final List<String> OUTPUTS = List.of("learning_curve.csv", "learning_curve.png", "learning_curve.svg",
        "training_loss.png", "training_loss.svg");

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

    private ShdAddingTraining() {
    }

    public static Outcome run(ShdSamples trainFile, ShdSamples testFile, Path out, Settings s, PrintStream log)
        throws IOException, InterruptedException {
        // Checked first: a run that would lose a user's files stops before any work.
        Path statePath = out.resolve(STATE_FILE);
        boolean resuming = RunDirectory.prepare(out, s.resume, s.force, OUTPUTS);
        if (s.resume && !resuming) {
            log.printf(Locale.ROOT, "nothing to resume in %s (no %s): starting a fresh run%n", out, TrainingState.FILE);
        }
        ShdSamples[] split = SubsetSamples.split(trainFile, s.validationFraction, s.seed, s.seededSplit);
        ReferenceBinning binning = ReferenceBinning.ofBinMs(s.binMs);
        BinnedSamples train = new BinnedSamples(split[0], binning);
        BinnedSamples valid = new BinnedSamples(split[1], binning);
        BinnedSamples test = new BinnedSamples(testFile, binning);
        int channels = trainFile.numChannels();
        ElmModel model = ShdModels.initial(channels, CLASSES, s.numMemory, s.numBranch, s.tauMinMs, s.tauMaxMs,
            s.binMs, s.seed);
        int branches = model.numBranch();
        if (resuming) {
            ElmModel asked = model;
            model = ModelDirectory.load(out.resolve("last"));
            TrainingState.requireSameConfig(model.config(), asked.config(),
                out.resolve("last").resolve(ModelDirectory.CONFIG_FILE));
        }
        log.printf(Locale.ROOT, "model: %d inputs, %d branches x %d, d_m %d, %d parameters; %d train / %d validation /"
                + " %d test samples, %d steps per pair%n", channels, branches, channels / branches, s.numMemory,
            model.trainableParameterCount(), train.size(), valid.size(), test.size(), 2 * binning.numBins());
        long totalSteps = (long) s.epochs * s.batchesPerEpoch;
        Optimizer optimizer = new Optimizer(model, s.optimizer, s.learningRate, totalSteps);
        List<Epoch> curve = new ArrayList<>();
        double best = -1;
        int bestEpoch = -1;
        int firstEpoch = 1;
        if (resuming) {
            TrainingState.Saved saved = TrainingState.load(statePath, optimizer, BEST_KEY, 5);
            for (double[] r : saved.curve()) {
                curve.add(new Epoch((int) r[0], r[1], r[2], r[3], r[4]));
            }
            best = saved.best();
            bestEpoch = saved.bestEpoch();
            firstEpoch = saved.epoch() + 1;
            log.printf(Locale.ROOT, "resuming after epoch %d from %s%n", firstEpoch - 1, statePath);
        }
        Path bestDir = out.resolve("best");
        try (Trainer trainer = new Trainer(optimizer, s.threads)) {
            for (int epoch = firstEpoch; epoch <= s.epochs; epoch++) {
                long t0 = System.nanoTime();
                // Dropout draws from a stream per epoch, so a resumed run draws exactly what an uninterrupted one would.
                SplittableRandom dropoutRng = new SplittableRandom(s.seed * 0x9E3779B97F4A7C15L + epoch);
                ShdAddingGenerator gen = new ShdAddingGenerator(train,
                    ShdAddingConfig.reference(s.seed + epoch, s.batchSize, s.binMs, s.batchesPerEpoch));
                ShdAddingBatch batch = gen.newBatch();
                int steps = batch.numSteps();
                float[] x = new float[s.batchSize * steps * channels];
                long[] labels = new long[s.batchSize];
                ProgressMeter progress = ProgressMeter.start("batches", s.batchesPerEpoch, log);
                double lossSum = 0;
                long seen = 0;
                while (gen.next(batch)) {
                    int n = batch.size();
                    batch.fillDense(x);
                    dropout(x, n * steps * channels, s.inputDropout, dropoutRng);
                    for (int i = 0; i < n; i++) {
                        labels[i] = batch.label(i);
                    }
                    double loss = trainer.step(x, n, steps, (y, first, count, gy) ->
                        Loss.crossEntropyLast(y, count, steps, CLASSES, java.util.Arrays.copyOfRange(labels, first,
                            first + count), gy));
                    lossSum += loss;
                    seen++;
                    progress.advance(1);
                    progress.detail(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  lr %.2e", epoch, s.epochs,
                        lossSum / seen, optimizer.currentLearningRate()));
                }
                progress.finish();
                double trainAcc = accuracy(trainer.model(), train, s, s.validationBatches, s.seed + 1000 + epoch,
                    ProgressMeter.start("train-accuracy batches", s.validationBatches, log));
                double validAcc = accuracy(trainer.model(), valid, s, s.validationBatches, 0,
                    ProgressMeter.start("validation batches", s.validationBatches, log));
                double seconds = (System.nanoTime() - t0) / 1e9;
                curve.add(new Epoch(epoch, lossSum / Math.max(1, seen), trainAcc, validAcc, seconds));
                log.printf(Locale.ROOT, "epoch %d: train loss %.4f, train acc %.3f, validation acc %.3f (chance %.3f), %.1f s%n",
                    epoch, lossSum / Math.max(1, seen), trainAcc, validAcc, 1.0 / CLASSES, seconds);
                if (validAcc > best) {
                    best = validAcc;
                    bestEpoch = epoch;
                    TrainingState.replaceModel(trainer.model(), bestDir);
                }
                writeCurve(out, curve, "SHD-Adding", CLASSES);
                TrainingState.replaceModel(trainer.model(), out.resolve("last"));
                saveState(statePath, optimizer, curve, epoch, best, bestEpoch);
                if (s.stopAfterEpoch > 0 && epoch >= s.stopAfterEpoch && epoch < s.epochs) {
                    log.printf(Locale.ROOT, "stopping after epoch %d as asked; continue with --resume%n", epoch);
                    return new Outcome(curve, best, bestEpoch, Double.NaN, bestDir);
                }
            }
        }
        double testAcc = accuracy(ModelDirectory.load(bestDir), test, s, s.testBatches, 0,
            ProgressMeter.start("test batches", s.testBatches, log));
        log.printf(Locale.ROOT, "test accuracy of the best checkpoint (epoch %d, validation %.3f): %.3f (chance %.3f)%n",
            bestEpoch, best, testAcc, 1.0 / CLASSES);
        return new Outcome(curve, best, bestEpoch, testAcc, bestDir);
    }

    /** Our resume state next to the checkpoints (not read by the reference). */
    public static final String STATE_FILE = TrainingState.FILE;
    static final String BEST_KEY = "best_validation_accuracy";

    static void saveState(Path file, Optimizer optimizer, List<Epoch> curve, int epoch, double best, int bestEpoch)
        throws IOException {
        double[][] rows = new double[curve.size()][];
        for (int i = 0; i < rows.length; i++) {
            Epoch c = curve.get(i);
            rows[i] = new double[] {c.epoch(), c.trainLoss(), c.trainAccuracy(), c.validationAccuracy(), c.seconds()};
        }
        TrainingState.save(file, optimizer, epoch, BEST_KEY, best, bestEpoch, rows);
    }

    /** The notebook's input dropout: entries where uniform < p become 0, without rescaling. */
    static void dropout(float[] x, int n, double p, SplittableRandom rng) {
        if (p <= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (x[i] != 0f && rng.nextDouble() < p) {
                x[i] = 0f;
            }
        }
    }

    /** Accuracy on the last output over {@code batches} batches of pairs drawn with {@code seed}. */
    public static double accuracy(ElmModel model, BinnedSamples samples, Settings s, int batches, long seed)
        throws InterruptedException {
        return accuracy(model, samples, s, batches, seed, ProgressMeter.silent("batches", batches));
    }

    /** {@link #accuracy(ElmModel, BinnedSamples, Settings, int, long)}, advancing {@code progress} per batch. */
    public static double accuracy(ElmModel model, BinnedSamples samples, Settings s, int batches, long seed,
                                  ProgressMeter progress) throws InterruptedException {
        ShdAddingGenerator gen = new ShdAddingGenerator(samples, ShdAddingConfig.reference(seed, s.batchSize, s.binMs,
            batches));
        ShdAddingBatch batch = gen.newBatch();
        int steps = batch.numSteps();
        int channels = samples.numChannels();
        float[] x = new float[s.batchSize * steps * channels];
        SplittableRandom rng = new SplittableRandom(seed);
        long correct = 0;
        long total = 0;
        while (gen.next(batch)) {
            int n = batch.size();
            batch.fillDense(x);
            if (s.dropoutInEvaluation) {
                dropout(x, n * steps * channels, s.inputDropout, rng);
            }
            float[] part = n * steps * channels == x.length ? x : java.util.Arrays.copyOf(x, n * steps * channels);
            float[] y = BatchForward.run(model, StepperKind.EVENT, part, n, steps, s.threads);
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

    /** learning_curve.csv and .png/.svg, training_loss.png/.svg. */
    static void writeCurve(Path out, List<Epoch> curve, String task, int classes) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_accuracy,validation_accuracy,seconds\n");
        double[] e = new double[curve.size()];
        double[] tr = new double[curve.size()];
        double[] va = new double[curve.size()];
        double[] loss = new double[curve.size()];
        for (int i = 0; i < curve.size(); i++) {
            Epoch c = curve.get(i);
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.2f%n", c.epoch(), c.trainLoss(),
                c.trainAccuracy(), c.validationAccuracy(), c.seconds()));
            e[i] = c.epoch();
            tr[i] = c.trainAccuracy();
            va[i] = c.validationAccuracy();
            loss[i] = c.trainLoss();
        }
        Files.writeString(out.resolve("learning_curve.csv"), csv);
        double[] chance = new double[e.length];
        java.util.Arrays.fill(chance, 1.0 / classes);
        // The best epoch (first highest validation accuracy: the one kept in best/) is marked on both.
        int best = 0;
        for (int i = 1; i < va.length; i++) {
            best = va[i] > va[best] ? i : best;
        }
        String mark = va.length == 0 ? null
            : String.format(java.util.Locale.ROOT, "best epoch %d (validation %.3f)", (int) e[best], va[best]);
        Plot accuracy = Plot.titled(task + " learning curve", "epoch", "accuracy").line("train", e, tr)
            .line("validation", e, va).dashed("chance (1/" + classes + ")", e, chance).color(Plot.GREY)
            .yRange(0, 1).integerX();
        Plot lossPlot = Plot.titled(task + " training loss", "epoch", "cross-entropy").line("train loss", e, loss)
            .integerX();
        if (mark != null) {
            accuracy.vline(mark, e[best]).color(Plot.RED);
            lossPlot.vline(mark, e[best]).color(Plot.RED);
        }
        accuracy.save(out.resolve("learning_curve"));
        lossPlot.save(out.resolve("training_loss"));
    }
}
