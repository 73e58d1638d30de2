package io.elmkit.sim.train;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one epoch loop of every training command. A {@link TrainingTask} supplies batches, loss and
 * metrics; the loop owns the rest:
 * <ul>
 *   <li>the run directory: checked before any work ({@link RunDirectory}), nothing a user keeps
 *       there is lost;</li>
 *   <li>resume: the last checkpoint and {@link TrainingState#FILE} (optimiser, curve, best score), so
 *       a run stopped after epoch e and resumed ends bit-identical to an uninterrupted one;</li>
 *   <li>the optimiser (cosine decay over all epochs) and its steps ({@link Trainer});</li>
 *   <li>after each epoch: the task's metrics, {@code best/} replaced when the chosen metric improves,
 *       {@code last/}, the curve file, the {@link CurveListener}s (plots) and the state;</li>
 *   <li>progress lines, the epoch line, and stop-after-epoch.</li>
 * </ul>
 * Use: {@link #open} (checks the directory, before the task loads its data), then {@link #train}.
 */
public final class TrainingLoop {
    /** What a run produced; {@code stoppedEarly} when it stopped after {@link RunSettings#stopAfterEpoch()}. */
    public record Result(TrainingCurve curve, double best, int bestEpoch, Path bestModel, boolean stoppedEarly) {
    }

    private final Path out;
    private final String curveFile;
    private final RunSettings settings;
    private final List<CurveListener> listeners;
    private final PrintStream log;
    private final boolean resuming;

    private TrainingLoop(Path out, String curveFile, RunSettings settings, List<CurveListener> listeners,
                         PrintStream log, boolean resuming) {
        this.out = out;
        this.curveFile = curveFile;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
        this.log = log;
        this.resuming = resuming;
    }

    /**
     * Checks and prepares the run directory (see {@link RunDirectory#prepare}), before any work.
     *
     * @param out the run directory
     * @param settings epochs, optimiser, threads, resume/force/stop-after-epoch
     * @param curveFile the curve's CSV file in {@code out}, e.g. learning_curve.csv
     * @param listeners told after every epoch (plots); their files are checked too
     * @param log where progress and epoch lines go
     * @return the loop, ready to {@link #train}
     * @throws IOException when the run would lose a user's file, or {@code out} cannot be made
     */
    public static TrainingLoop open(Path out, RunSettings settings, String curveFile, List<CurveListener> listeners,
                                    PrintStream log) throws IOException {
        List<String> outputs = new ArrayList<>();
        outputs.add(curveFile);
        for (CurveListener l : listeners) {
            outputs.addAll(l.files());
        }
        boolean resuming = RunDirectory.prepare(out, settings.resume(), settings.force(), outputs);
        if (settings.resume() && !resuming) {
            log.printf(Locale.ROOT, "nothing to resume in %s (no %s): starting a fresh run%n", out, TrainingState.FILE);
        }
        return new TrainingLoop(out, curveFile, settings, listeners, log, resuming);
    }

    /**
     * Whether {@link #train} continues a saved run.
     *
     * @return true with {@link RunSettings#resume()} and a saved state in the run directory
     */
    public boolean resuming() {
        return resuming;
    }

    /**
     * Trains a model on a task for the run's epochs.
     *
     * @param task batches, loss and metrics
     * @param initial a fresh or given model; when resuming, the saved last/ replaces it and must have its
     *     configuration
     * @return the curve, the best score, its epoch and checkpoint, and whether the run stopped early
     * @throws IOException when a checkpoint, the curve or the state cannot be written or read back
     * @throws InterruptedException when interrupted
     */
    public Result train(TrainingTask task, ElmModel initial) throws IOException, InterruptedException {
        Path statePath = out.resolve(TrainingState.FILE);
        Path lastDir = out.resolve("last");
        Path bestDir = out.resolve("best");
        ElmModel model = initial;
        if (resuming) {
            model = ModelDirectory.load(lastDir);
            TrainingState.requireSameConfig(model.config(), initial.config(), lastDir.resolve(ModelDirectory.CONFIG_FILE));
        }
        int epochs = settings.epochs();
        Optimizer optimizer = new Optimizer(model, settings.optimizer(), settings.learningRate(),
            (long) epochs * task.batchesPerEpoch());
        TrainingTask.Best rule = task.best();
        TrainingCurve curve = new TrainingCurve(task.metricNames());
        double best = rule.none();
        int bestEpoch = -1;
        int firstEpoch = 1;
        if (resuming) {
            TrainingState.Saved saved = TrainingState.load(statePath, optimizer, rule.stateKey(),
                task.metricNames().size() + 3);
            curve.addArrays(saved.curve());
            best = saved.best();
            bestEpoch = saved.bestEpoch();
            firstEpoch = saved.epoch() + 1;
            log.printf(Locale.ROOT, "resuming after epoch %d from %s%n", firstEpoch - 1, statePath);
        }
        try (Trainer trainer = new Trainer(optimizer, settings.threads())) {
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                long t0 = System.nanoTime();
                double trainLoss = trainEpoch(trainer, task, epoch);
                double[] metrics = task.evaluate(trainer.model(), epoch, log);
                double seconds = (System.nanoTime() - t0) / 1e9;
                curve.add(new TrainingCurve.Row(epoch, trainLoss, metrics.clone(), seconds));
                double score = metrics[rule.metric()];
                boolean improved = rule.improves(score, best);
                log.printf(Locale.ROOT, "epoch %d: %s, %.1f s%n", epoch, task.summary(trainLoss, metrics, improved),
                    seconds);
                if (improved) {
                    best = score;
                    bestEpoch = epoch;
                    TrainingState.replaceModel(trainer.model(), bestDir);
                }
                TrainingState.replaceModel(trainer.model(), lastDir);
                Files.writeString(out.resolve(curveFile), curve.toCsv());
                for (CurveListener l : listeners) {
                    l.epochEnded(out, curve, bestEpoch);
                }
                TrainingState.save(statePath, optimizer, epoch, rule.stateKey(), best, bestEpoch, curve.toArrays());
                if (settings.stopAfterEpoch() > 0 && epoch >= settings.stopAfterEpoch() && epoch < epochs) {
                    log.printf(Locale.ROOT, "stopping after epoch %d as asked; continue with --resume%n", epoch);
                    return new Result(curve, best, bestEpoch, bestDir, true);
                }
            }
        }
        return new Result(curve, best, bestEpoch, bestDir, false);
    }

    /** One epoch of optimiser steps; returns the mean training loss. */
    private double trainEpoch(Trainer trainer, TrainingTask task, int epoch) throws InterruptedException {
        ProgressMeter progress = ProgressMeter.start("batches", task.batchesPerEpoch(), log);
        TrainingTask.EpochBatches batches = task.epoch(epoch);
        double lossSum = 0;
        long seen = 0;
        for (TrainingBatch batch = batches.next(); batch != null; batch = batches.next()) {
            lossSum += batch.step(trainer);
            seen++;
            progress.advance(1);
            progress.detail(String.format(Locale.ROOT, "epoch %d/%d  loss %.5f  lr %.2e", epoch, settings.epochs(),
                lossSum / seen, trainer.optimizer().currentLearningRate()));
        }
        progress.finish();
        return lossSum / Math.max(1, seen);
    }
}
