package io.elmkit.l5pc.fit;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import io.elmkit.l5pc.neuronio.TraceFile;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.plot.Plot;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fits an ELM surrogate to NeuronIO simulations with the paper's setup (docs/tasks.md, NeuronIO): the
 * published Branch-ELM shape (1278 inputs, 45 branches x 100 synapses, NeuronIO routing, tau_m in
 * 1..150 ms, d_m chosen), 500-step windows starting uniformly in [500, 5500), loss 0.5 BCE + 0.5 MSE,
 * Adam with cosine decay to 0 over the run, batch 8. After every epoch the validation simulations
 * are evaluated exactly as {@code eval-neuronio} does; the checkpoint with the lowest validation
 * soma RMSE is kept in {@code best/}. Resumable bit for bit from {@code training_state.npz}.
 */
public final class NeuronioFit {

    /** Hyperparameters; defaults are the paper's where it gives them. */
    public static final class Settings {
        public int numMemory = 20;
        /** Whether {@link #numMemory} was asked for (not the default): with {@link #init} it must then match. */
        public boolean numMemoryGiven;
        public int epochs = 20;
        public int batchesPerEpoch = 500;
        public int batchSize = 8;
        public double learningRate = 5e-4;
        public int window = 500;
        public long seed = 0;
        public int threads = Runtime.getRuntime().availableProcessors();
        /** Fine-tune this model directory instead of starting from a fresh initialisation. */
        public Path init;
        public boolean resume;
        /** Start a fresh run in a non-empty DIR (only files the run writes are replaced). */
        public boolean force;
        public int stopAfterEpoch;
    }

    /** One row of the learning curve. */
    public record Epoch(int epoch, double trainLoss, double validAuc, double validSomaRmse, double seconds) {
    }

    /** What a run produced. */
    public record Outcome(List<Epoch> curve, int bestEpoch, double bestSomaRmse, Path bestModel) {
    }

    public static final String STATE_FILE = TrainingState.FILE;
    /** The files a run writes into DIR besides the checkpoints and the training state. */
    static final List<String> OUTPUTS = List.of("curve.csv", "learning_curve.png", "learning_curve.svg",
        "validation_auc.png", "validation_auc.svg", "validation_soma_rmse.png", "validation_soma_rmse.svg");
    private static final String BEST_KEY = "best_soma_rmse";

    private NeuronioFit() {
    }

    /** The published NeuronIO Branch-ELM configuration with {@code numMemory} memory units. */
    public static ElmConfig paperConfig(int numInput, int numMemory) {
        return ElmConfig.builder(numInput, 2).numMemory(numMemory).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).memoryTauMinMs(1).memoryTauMaxMs(150).build();
    }

    /** Reads simulations from NeuronIO pickles ({@code .gz} too) or our trace files. */
    public static List<NeuronioSimulation> load(List<Path> files) throws IOException {
        List<NeuronioSimulation> sims = new ArrayList<>();
        for (Path f : files) {
            TraceFile.readAny(f, sims::add);
        }
        return sims;
    }

    /**
     * Trains on {@code train}, validates on {@code valid} (grouped as files: soma normalised per
     * group), writes into {@code out}.
     */
    public static Outcome run(List<NeuronioSimulation> train, Map<String, List<NeuronioSimulation>> valid, Path out,
                              Settings s, PrintStream log) throws IOException, InterruptedException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training simulations");
        }
        // Checked first: a run that would lose a user's files stops before any work.
        Path statePath = out.resolve(STATE_FILE);
        boolean resuming = RunDirectory.prepare(out, s.resume, s.force, OUTPUTS);
        if (s.resume && !resuming) {
            log.printf(Locale.ROOT, "nothing to resume in %s (no %s): starting a fresh run%n", out, TrainingState.FILE);
        }
        TrainingWindows windows = new TrainingWindows(train, s.window);
        int channels = windows.channels();
        ElmModel model = s.init != null ? ModelDirectory.load(s.init)
            : ElmModel.initialise(paperConfig(channels, s.numMemory), s.seed);
        if (s.init != null && s.numMemoryGiven && model.numMemory() != s.numMemory) {
            throw new IllegalArgumentException(s.init + ": num_memory is " + model.numMemory() + " but --memory asks for "
                + s.numMemory + "; fine-tuning keeps the --init model's shape: drop --memory or choose a model with"
                + " num_memory " + s.numMemory);
        }
        if (model.numInput() != channels || model.numOutput() != 2) {
            throw new IllegalArgumentException((s.init != null ? s.init + ": " : "") + "model has num_input "
                + model.numInput() + " and num_output " + model.numOutput() + "; the simulations need num_input "
                + channels + " and num_output 2");
        }
        if (resuming) {
            ElmModel asked = model;
            model = ModelDirectory.load(out.resolve("last"));
            TrainingState.requireSameConfig(model.config(), asked.config(),
                out.resolve("last").resolve(ModelDirectory.CONFIG_FILE));
        }
        long totalSteps = (long) s.epochs * s.batchesPerEpoch;
        Optimizer optimizer = new Optimizer(model, Optimizer.Kind.ADAM, s.learningRate, totalSteps);
        List<Epoch> curve = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
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
        int validSims = valid.values().stream().mapToInt(List::size).sum();
        log.printf(Locale.ROOT, "model: %d inputs, %d x %d synapses, d_m %d, %d parameters%s; %d training simulations,"
                + " %d validation simulations; %d epochs x %d batches of %d windows of %d ms%n", model.numInput(),
            model.numBranch(), model.synapsesPerBranch(), model.numMemory(), model.trainableParameterCount(),
            s.init != null ? " (from " + s.init + ")" : "", train.size(), validSims, s.epochs, s.batchesPerEpoch,
            s.batchSize, s.window);
        int b = s.batchSize;
        int w = s.window;
        float[] spike = new float[b * w];
        float[] soma = new float[b * w];
        Path bestDir = out.resolve("best");
        try (Trainer trainer = new Trainer(optimizer, s.threads)) {
            for (int epoch = firstEpoch; epoch <= s.epochs; epoch++) {
                long t0 = System.nanoTime();
                // One stream per epoch, so a resumed run draws what an uninterrupted one would.
                SplittableRandom rng = new SplittableRandom(s.seed * 0x9E3779B97F4A7C15L + epoch);
                ProgressMeter progress = ProgressMeter.start("batches", s.batchesPerEpoch, log);
                double lossSum = 0;
                for (int batch = 0; batch < s.batchesPerEpoch; batch++) {
                    io.elmkit.sim.train.SpikeSequences input = windows.drawSparse(rng, b, spike, soma);
                    lossSum += trainer.step(input, (y, first, count, gy) -> Loss.neuronio(y, 2,
                        Arrays.copyOfRange(spike, first * w, (first + count) * w),
                        Arrays.copyOfRange(soma, first * w, (first + count) * w), gy));
                    progress.advance(1);
                    progress.detail(String.format(Locale.ROOT, "epoch %d/%d  loss %.5f  lr %.2e", epoch, s.epochs,
                        lossSum / (batch + 1), optimizer.currentLearningRate()));
                }
                progress.finish();
                ProgressMeter validation = ProgressMeter.start("validation simulations", validSims, log);
                NeuronioEvaluation.Result r = NeuronioEvaluation.evaluateSimulations(trainer.model(), valid, s.threads,
                    validation);
                validation.finish();
                double auc = r.metrics.get("AUC");
                double rmse = r.metrics.get("soma_RMSE");
                double seconds = (System.nanoTime() - t0) / 1e9;
                curve.add(new Epoch(epoch, lossSum / s.batchesPerEpoch, auc, rmse, seconds));
                boolean improved = rmse < best;
                log.printf(Locale.ROOT, "epoch %d: train loss %.5f, validation AUC %.4f, soma RMSE %.4f mV%s, %.1f s%n",
                    epoch, lossSum / s.batchesPerEpoch, auc, rmse, improved ? " (best)" : "", seconds);
                if (improved) {
                    best = rmse;
                    bestEpoch = epoch;
                    TrainingState.replaceModel(trainer.model(), bestDir);
                }
                TrainingState.replaceModel(trainer.model(), out.resolve("last"));
                writeCurve(out, curve);
                saveState(statePath, optimizer, curve, epoch, best, bestEpoch);
                if (s.stopAfterEpoch > 0 && epoch >= s.stopAfterEpoch && epoch < s.epochs) {
                    log.printf(Locale.ROOT, "stopping after epoch %d as asked; continue with --resume%n", epoch);
                    break;
                }
            }
        }
        return new Outcome(curve, bestEpoch, best, bestDir);
    }

    private static void saveState(Path file, Optimizer optimizer, List<Epoch> curve, int epoch, double best,
                                  int bestEpoch) throws IOException {
        double[][] rows = new double[curve.size()][];
        for (int i = 0; i < rows.length; i++) {
            Epoch c = curve.get(i);
            rows[i] = new double[] {c.epoch(), c.trainLoss(), c.validAuc(), c.validSomaRmse(), c.seconds()};
        }
        TrainingState.save(file, optimizer, epoch, BEST_KEY, best, bestEpoch, rows);
    }

    /** curve.csv, learning_curve.png/.svg (loss), validation.png/.svg (AUC and soma RMSE). */
    private static void writeCurve(Path out, List<Epoch> curve) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,train_loss,valid_auc,valid_soma_rmse_mv,seconds\n");
        int n = curve.size();
        double[] e = new double[n];
        double[] loss = new double[n];
        double[] auc = new double[n];
        double[] rmse = new double[n];
        for (int i = 0; i < n; i++) {
            Epoch c = curve.get(i);
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.2f%n", c.epoch(), c.trainLoss(), c.validAuc(),
                c.validSomaRmse(), c.seconds()));
            e[i] = c.epoch();
            loss[i] = c.trainLoss();
            auc[i] = c.validAuc();
            rmse[i] = c.validSomaRmse();
        }
        Files.writeString(out.resolve("curve.csv"), csv);
        for (Map.Entry<String, Plot> p : curvePlots(e, loss, auc, rmse).entrySet()) {
            p.getValue().save(out.resolve(p.getKey()));
        }
    }

    /**
     * learning_curve (loss), validation_auc and validation_soma_rmse over epochs, each marking the best epoch (the
     * first lowest soma RMSE: the one kept in {@code best/}).
     */
    static Map<String, Plot> curvePlots(double[] epochs, double[] loss, double[] auc, double[] rmse) {
        int best = -1;
        for (int i = 0; i < rmse.length; i++) {
            if (!Double.isNaN(rmse[i]) && (best < 0 || rmse[i] < rmse[best])) {
                best = i;
            }
        }
        String mark = best < 0 ? null : String.format(Locale.ROOT, "best epoch %d (soma RMSE %.3f mV)",
            (int) epochs[best], rmse[best]);
        boolean anyAuc = Arrays.stream(auc).anyMatch(v -> !Double.isNaN(v));
        Plot lossPlot = Plot.titled("NeuronIO fit: training loss", "epoch", "0.5 BCE + 0.5 MSE")
            .line("train loss", epochs, loss).integerX();
        Plot aucPlot = Plot.titled("NeuronIO fit: validation spike AUC" + (anyAuc ? ""
                : ": undefined (no output spike in validation)"), "epoch", "AUC")
            .line("validation AUC", epochs, auc).integerX();
        Plot rmsePlot = Plot.titled("NeuronIO fit: validation soma RMSE", "epoch", "RMSE (mV)")
            .line("validation soma RMSE", epochs, rmse).integerX();
        if (mark != null) {
            for (Plot p : List.of(lossPlot, aucPlot, rmsePlot)) {
                p.vline(mark, epochs[best]).color(Plot.RED);
            }
            rmsePlot.scatter("best/", new double[] {epochs[best]}, new double[] {rmse[best]}).color(Plot.RED);
        }
        Map<String, Plot> plots = new java.util.LinkedHashMap<>();
        plots.put("learning_curve", lossPlot);
        plots.put("validation_auc", aucPlot);
        plots.put("validation_soma_rmse", rmsePlot);
        return plots;
    }
}
