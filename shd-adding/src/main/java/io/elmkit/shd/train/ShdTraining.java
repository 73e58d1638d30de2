package io.elmkit.shd.train;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.train.Loss;
import io.elmkit.sim.train.TrainingBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains an ELM on SHD (20 classes, one digit per sample) as the paper does (docs/tasks.md, SHD):
 * reference binning, cross-entropy on the last output, Adamax with cosine decay, input dropout in
 * training, best validation checkpoint, test accuracy, learning curve. Each epoch visits every
 * training sample once in a shuffled order. The epoch loop is sim-core's
 * {@link io.elmkit.sim.train.TrainingLoop}; this class supplies the batches and accuracy.
 */
public final class ShdTraining extends ShdTask {
    static final int CLASSES = BinnedSamples.NUM_SHD_CLASSES;

    /** The paper's SHD setup (Table S11 runs: 70 epochs, 2 ms bins, d_m 100, tau_m 1..150 ms). */
    public static final ShdSettings DEFAULTS = ShdSettings.builder().build();

    private final int steps;
    private final float[] x;
    private final long[] labels;
    private final int[] order;

    private ShdTraining(ShdSplit data, ShdSettings s) {
        super(data, s, CLASSES);
        this.steps = data.train().binning().numBins();
        this.x = new float[s.batchSize() * steps * data.channels()];
        this.labels = new long[s.batchSize()];
        this.order = new int[data.train().size()];
    }

    /** Trains on {@code trainFile} (less the validation split), tests on {@code testFile}, writes into {@code out}. */
    public static ShdOutcome run(ShdSamples trainFile, ShdSamples testFile, Path out, ShdSettings s, PrintStream log)
        throws IOException, InterruptedException {
        return ShdTask.run("SHD", CLASSES, trainFile, testFile, out, s, ShdTraining::new, log);
    }

    @Override
    String stepsPerSample() {
        return steps + " steps each";
    }

    @Override
    public int batchesPerEpoch() {
        return (data.train().size() + settings.batchSize() - 1) / settings.batchSize();
    }

    @Override
    public EpochBatches epoch(int epoch) {
        // Shuffle and dropout draw from a stream per epoch, so a resumed run is the uninterrupted one.
        SplittableRandom rng = new SplittableRandom((settings.run().seed() ^ 0x3C6EF372FE94F82BL) * 31 + epoch);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int channels = data.channels();
        int[] start = {0};
        return () -> {
            if (start[0] >= order.length) {
                return null;
            }
            int n = Math.min(settings.batchSize(), order.length - start[0]);
            fill(data.train(), order, start[0], n, steps, channels, x, labels);
            start[0] += n;
            InputDropout.apply(x, n * steps * channels, settings.inputDropout(), rng);
            float[] part = n * steps * channels == x.length ? x : Arrays.copyOf(x, n * steps * channels);
            return TrainingBatch.dense(part, n, steps, (y, first, count, gy) -> Loss.crossEntropyLast(y, count, steps,
                CLASSES, Arrays.copyOfRange(labels, first, first + count), gy));
        };
    }

    @Override
    double accuracy(ElmModel model, BinnedSamples samples, Part part, long seed, PrintStream log)
        throws InterruptedException {
        return accuracy(model, samples, settings.batchSize(), settings.run().threads(),
            ProgressMeter.start(part.label + " samples", samples.size(), log));
    }

    /** Dense (n, T, C) counts of samples order[start..start+n) (in order when null) and their labels. */
    static void fill(BinnedSamples samples, int[] order, int start, int n, int steps, int channels, float[] x,
                     long[] labels) {
        Arrays.fill(x, 0, n * steps * channels, 0f);
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

    /**
     * Accuracy on the last output over every sample, in order, in batches of {@code batchSize};
     * advances {@code progress} per sample.
     */
    public static double accuracy(ElmModel model, BinnedSamples samples, int batchSize, int threads,
                                  ProgressMeter progress) throws InterruptedException {
        int steps = samples.binning().numBins();
        int channels = samples.numChannels();
        float[] x = new float[batchSize * steps * channels];
        long[] labels = new long[batchSize];
        long correct = 0;
        for (int start = 0; start < samples.size(); start += batchSize) {
            int n = Math.min(batchSize, samples.size() - start);
            fill(samples, null, start, n, steps, channels, x, labels);
            float[] y = BatchForward.run(model, StepperKind.EVENT, Arrays.copyOf(x, n * steps * channels), n,
                steps, threads);
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
