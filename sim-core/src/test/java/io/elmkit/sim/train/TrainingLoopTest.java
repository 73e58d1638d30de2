package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one epoch loop on a toy task: curve, best checkpoint, listener, stop-after-epoch and an exact resume. */
class TrainingLoopTest {
    private static final int STEPS = 5;
    private static final int INPUTS = 4;
    private static final int BATCH = 3;

    /** Regression of a random target from random counts; metric: the output's mean on a fixed batch (higher wins). */
    static final class ToyTask implements TrainingTask {
        private final float[] x = new float[BATCH * STEPS * INPUTS];
        private final float[] target = new float[BATCH * STEPS * 2];

        @Override
        public List<String> metricNames() {
            return List.of("mean_output", "negated");
        }

        @Override
        public Best best() {
            return new Best(0, "best_mean_output", true);
        }

        @Override
        public int batchesPerEpoch() {
            return 2;
        }

        @Override
        public EpochBatches epoch(int epoch) {
            SplittableRandom rng = new SplittableRandom(epoch);
            int[] drawn = {0};
            return () -> {
                if (drawn[0]++ == batchesPerEpoch()) {
                    return null;
                }
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextInt(3);
                }
                for (int i = 0; i < target.length; i++) {
                    target[i] = (float) rng.nextGaussian();
                }
                return TrainingBatch.dense(x, BATCH, STEPS, (y, first, count, gy) -> Loss.mse(y,
                    java.util.Arrays.copyOfRange(target, first * STEPS * 2, (first + count) * STEPS * 2), gy));
            };
        }

        @Override
        public double[] evaluate(ElmModel model, int epoch, PrintStream log) throws InterruptedException {
            float[] input = new float[STEPS * INPUTS];
            java.util.Arrays.fill(input, 1f);
            double sum = 0;
            for (float v : BatchForward.run(model, StepperKind.DENSE, input, 1, STEPS, 1)) {
                sum += v;
            }
            return new double[] {sum, -sum};
        }

        @Override
        public String summary(double trainLoss, double[] metrics, boolean improved) {
            return "train loss " + trainLoss + (improved ? " (best)" : "");
        }
    }

    /** Remembers what it was told. */
    static final class Recorder implements CurveListener {
        final List<Integer> bestEpochs = new ArrayList<>();
        int rows;

        @Override
        public List<String> files() {
            return List.of("toy.png");
        }

        @Override
        public void epochEnded(Path out, TrainingCurve curve, int bestEpoch) {
            bestEpochs.add(bestEpoch);
            rows = curve.rows().size();
        }
    }

    static ElmModel model() {
        return ElmModel.initialise(ElmConfig.builder(INPUTS, 2).numMemory(3).build(), 7);
    }

    static TrainingLoop.Result train(Path out, RunSettings run, Recorder recorder) throws Exception {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return TrainingLoop.open(out, run, "curve.csv", List.of(recorder), log).train(new ToyTask(), model());
    }

    @Test
    void keepsTheBestEpochWritesTheCurveAndTellsTheListener(@TempDir Path tmp) throws Exception {
        Recorder recorder = new Recorder();
        TrainingLoop.Result r = train(tmp, RunSettings.builder().epochs(3).threads(2).build(), recorder);
        assertFalse(r.stoppedEarly());
        double[] scores = r.curve().metric("mean_output");
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            best = scores[i] > scores[best] ? i : best;
        }
        assertEquals(best + 1, r.bestEpoch());
        assertEquals(scores[best], r.best());
        List<String> csv = Files.readAllLines(tmp.resolve("curve.csv"));
        assertEquals("epoch,train_loss,mean_output,negated,seconds", csv.get(0));
        assertEquals(4, csv.size());
        assertEquals(3, recorder.rows);
        assertEquals(3, recorder.bestEpochs.size());
        assertEquals(r.bestEpoch(), recorder.bestEpochs.get(2));
        assertTrue(Files.exists(tmp.resolve("best/model_config.json")) && Files.exists(tmp.resolve(TrainingState.FILE)));
    }

    @Test
    void aRunStoppedAfterAnEpochAndResumedEndsBitIdentical(@TempDir Path tmp) throws Exception {
        RunSettings run = RunSettings.builder().epochs(3).threads(2).build();
        TrainingLoop.Result whole = train(tmp.resolve("whole"), run, new Recorder());
        TrainingLoop.Result first = train(tmp.resolve("split"), run.toBuilder().stopAfterEpoch(1).build(), new Recorder());
        assertTrue(first.stoppedEarly());
        assertEquals(1, first.curve().rows().size());
        Recorder resumed = new Recorder();
        TrainingLoop.Result rest = train(tmp.resolve("split"), run.toBuilder().resume(true).build(), resumed);
        assertEquals(3, resumed.rows, "the resumed curve holds the saved epoch too");
        assertArrayEquals(whole.curve().trainLoss(), rest.curve().trainLoss());
        assertArrayEquals(whole.curve().metric("mean_output"), rest.curve().metric("mean_output"));
        assertEquals(whole.bestEpoch(), rest.bestEpoch());
        assertEquals(ModelDirectory.load(tmp.resolve("whole/last")).toStateDict(),
            ModelDirectory.load(tmp.resolve("split/last")).toStateDict());
    }

    @Test
    void aNonEmptyDirectoryIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Exception e = assertThrows(java.io.IOException.class, () -> train(tmp, RunSettings.builder().build(),
            new Recorder()));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(tmp.resolve("notes.txt")));
    }

    @Test
    void settingsOutOfRangeAreRefusedWhenBuilt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunSettings.builder().epochs(0).build())
            .getMessage().startsWith("epochs: expected a whole number >= 1, found 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunSettings.builder()
            .optimizer(Optimizer.Kind.ADAM, Double.NaN).build()).getMessage().contains("learning rate"));
        RunSettings s = RunSettings.builder().epochs(4).seed(9).build();
        assertEquals(s, s.toBuilder().build());
    }
}
