package io.elmkit.shd.train;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ReferenceBinning;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.train.Loss;
import io.elmkit.sim.train.Optimizer;
import io.elmkit.sim.train.RunDirectory;
import io.elmkit.sim.train.Trainer;
import io.elmkit.sim.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains an ELM on SHD (20 classes, one digit per sample) as the paper does (docs/tasks.md, SHD):
 * reference binning, cross-entropy on the last output, Adamax with cosine decay, input dropout in
 * training, best validation checkpoint, test accuracy, learning curve.
 */
public final class ShdTraining {
    static final int CLASSES = BinnedSamples.NUM_SHD_CLASSES;

    /** Hyperparameters; defaults are the paper's SHD setup (Table S11 runs: 2 ms bins, d_m 100). */
    public static final class Settings {
        public int epochs = 70;
        public int batchSize = 8;
        public double binMs = 2.0;
        public int numMemory = 100;
        public Integer numBranch;
        public double learningRate = 5e-3;
        public Optimizer.Kind optimizer = Optimizer.Kind.ADAMAX;
        public double inputDropout = 0.5;
        public double tauMinMs = 1.0;
        public double tauMaxMs = 150.0;
        public double validationFraction = 0.2;
        /** Continue from DIR/training_state.npz and DIR/last when present. */
        public boolean resume;
        /** Start a fresh run in a non-empty DIR (only files the run writes are replaced). */
        public boolean force;
        /** Stop after this epoch (0: run all); the schedule still spans all epochs. */
        public int stopAfterEpoch;
        /** Draw the validation split from {@link #seed} instead of the reference's default_rng(0).binomial. */
        public boolean seededSplit;
        public long seed = 0;
        public int threads = Runtime.getRuntime().availableProcessors();
    }

    private ShdTraining() {
    }

    public static ShdAddingTraining.Outcome run(ShdSamples trainFile, ShdSamples testFile, Path out, Settings s,
                                                PrintStream log) throws IOException, InterruptedException {
        // Checked first: a run that would lose a user's files stops before any work.
        Path statePath = out.resolve(ShdAddingTraining.STATE_FILE);
        boolean resuming = RunDirectory.prepare(out, s.resume, s.force, ShdAddingTraining.OUTPUTS);
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
        int steps = binning.numBins();
        log.printf(Locale.ROOT, "model: %d inputs, %d branches x %d, d_m %d, %d parameters; %d train / %d validation /"
                + " %d test samples, %d steps each%n", channels, branches, channels / branches, s.numMemory,
            model.trainableParameterCount(), train.size(), valid.size(), test.size(), steps);
        int batchesPerEpoch = (train.size() + s.batchSize - 1) / s.batchSize;
        if (resuming) {
            ElmModel asked = model;
            model = ModelDirectory.load(out.resolve("last"));
            TrainingState.requireSameConfig(model.config(), asked.config(),
                out.resolve("last").resolve(ModelDirectory.CONFIG_FILE));
        }
        Optimizer optimizer = new Optimizer(model, s.optimizer, s.learningRate, (long) s.epochs * batchesPerEpoch);
        List<ShdAddingTraining.Epoch> curve = new ArrayList<>();
        double best = -1;
        int bestEpoch = -1;
        int firstEpoch = 1;
        if (resuming) {
            TrainingState.Saved saved = TrainingState.load(statePath, optimizer, ShdAddingTraining.BEST_KEY, 5);
            for (double[] r : saved.curve()) {
                curve.add(new ShdAddingTraining.Epoch((int) r[0], r[1], r[2], r[3], r[4]));
            }
            best = saved.best();
            bestEpoch = saved.bestEpoch();
            firstEpoch = saved.epoch() + 1;
            log.printf(Locale.ROOT, "resuming after epoch %d from %s%n", firstEpoch - 1, statePath);
        }
        Path bestDir = out.resolve("best");
        float[] x = new float[s.batchSize * steps * channels];
        long[] labels = new long[s.batchSize];
        int[] order = new int[train.size()];
        try (Trainer trainer = new Trainer(optimizer, s.threads)) {
            for (int epoch = firstEpoch; epoch <= s.epochs; epoch++) {
                long t0 = System.nanoTime();
                // Shuffle and dropout draw from a stream per epoch, so a resumed run is the uninterrupted one.
                SplittableRandom rng = new SplittableRandom((s.seed ^ 0x3C6EF372FE94F82BL) * 31 + epoch);
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int i = order.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                }
                ProgressMeter progress = ProgressMeter.start("batches", batchesPerEpoch, log);
                double lossSum = 0;
                int seen = 0;
                for (int start = 0; start < order.length; start += s.batchSize) {
                    int n = Math.min(s.batchSize, order.length - start);
                    fill(train, order, start, n, steps, channels, x, labels);
                    ShdAddingTraining.dropout(x, n * steps * channels, s.inputDropout, rng);
                    lossSum += trainer.step(n * steps * channels == x.length ? x : java.util.Arrays.copyOf(x,
                        n * steps * channels), n, steps, (y, first, count, gy) -> Loss.crossEntropyLast(y, count,
                        steps, CLASSES, java.util.Arrays.copyOfRange(labels, first, first + count), gy));
                    seen++;
                    progress.advance(1);
                    progress.detail(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", epoch, s.epochs, lossSum / seen));
                }
                progress.finish();
                double trainAcc = accuracy(trainer.model(), train, s, ProgressMeter.start("train-accuracy samples",
                    train.size(), log));
                double validAcc = accuracy(trainer.model(), valid, s, ProgressMeter.start("validation samples",
                    valid.size(), log));
                double seconds = (System.nanoTime() - t0) / 1e9;
                curve.add(new ShdAddingTraining.Epoch(epoch, lossSum / seen, trainAcc, validAcc, seconds));
                log.printf(Locale.ROOT, "epoch %d: train loss %.4f, train acc %.3f, validation acc %.3f (chance %.3f), %.1f s%n",
                    epoch, lossSum / seen, trainAcc, validAcc, 1.0 / CLASSES, seconds);
                if (validAcc > best) {
                    best = validAcc;
                    bestEpoch = epoch;
                    TrainingState.replaceModel(trainer.model(), bestDir);
                }
                ShdAddingTraining.writeCurve(out, curve, "SHD", CLASSES);
                TrainingState.replaceModel(trainer.model(), out.resolve("last"));
                ShdAddingTraining.saveState(statePath, optimizer, curve, epoch, best, bestEpoch);
                if (s.stopAfterEpoch > 0 && epoch >= s.stopAfterEpoch && epoch < s.epochs) {
                    log.printf(Locale.ROOT, "stopping after epoch %d as asked; continue with --resume%n", epoch);
                    return new ShdAddingTraining.Outcome(curve, best, bestEpoch, Double.NaN, bestDir);
                }
            }
        }
        double testAcc = accuracy(ModelDirectory.load(bestDir), test, s, ProgressMeter.start("test samples",
            test.size(), log));
        log.printf(Locale.ROOT, "test accuracy of the best checkpoint (epoch %d, validation %.3f): %.3f (chance %.3f)%n",
            bestEpoch, best, testAcc, 1.0 / CLASSES);
        return new ShdAddingTraining.Outcome(curve, best, bestEpoch, testAcc, bestDir);
    }

    /** Dense (n, T, C) counts of samples order[start..start+n) and their labels. */
    static void fill(BinnedSamples samples, int[] order, int start, int n, int steps, int channels, float[] x,
                     long[] labels) {
        java.util.Arrays.fill(x, 0, n * steps * channels, 0f);
        int bits = samples.channelBits();
        int mask = samples.channelMask();
        for (int i = 0; i < n; i++) {
            int sample = order == null ? start + i : order[start + i];
            labels[i] = samples.label(sample);
            for (int key : samples.keys(sample)) {
                int step = key >>> bits;
                int channel = key & mask;
                x[(i * steps + step) * channels + channel] += 1f;
            }
        }
    }

    /** Accuracy on the last output over every sample, in order, batches of the training batch size. */
    public static double accuracy(ElmModel model, BinnedSamples samples, Settings s) throws InterruptedException {
        return accuracy(model, samples, s, ProgressMeter.silent("samples", samples.size()));
    }

    /** {@link #accuracy(ElmModel, BinnedSamples, Settings)}, advancing {@code progress} per sample. */
    public static double accuracy(ElmModel model, BinnedSamples samples, Settings s, ProgressMeter progress)
        throws InterruptedException {
        int steps = samples.binning().numBins();
        int channels = samples.numChannels();
        float[] x = new float[s.batchSize * steps * channels];
        long[] labels = new long[s.batchSize];
        long correct = 0;
        for (int start = 0; start < samples.size(); start += s.batchSize) {
            int n = Math.min(s.batchSize, samples.size() - start);
            fill(samples, null, start, n, steps, channels, x, labels);
            float[] y = BatchForward.run(model, StepperKind.EVENT, java.util.Arrays.copyOf(x, n * steps * channels), n,
                steps, s.threads);
            for (int i = 0; i < n; i++) {
                correct += ShdModels.predictedClass(y, i, steps, model.numOutput()) == labels[i] ? 1 : 0;
            }
            progress.advance(n);
            progress.detail(String.format(Locale.ROOT, "accuracy %.3f", (double) correct / (start + n)));
        }
        progress.finish();
        return samples.size() == 0 ? 0 : (double) correct / samples.size();
    }
}
