package io.elmkit.l5pc.fit;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import io.elmkit.l5pc.neuronio.TraceFile;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.train.Loss;
import io.elmkit.sim.train.Optimizer;
import io.elmkit.sim.train.RunSettings;
import io.elmkit.sim.train.TrainingBatch;
import io.elmkit.sim.train.TrainingCurve;
import io.elmkit.sim.train.TrainingLoop;
import io.elmkit.sim.train.TrainingTask;
import java.io.IOException;
import java.io.PrintStream;
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
 * soma RMSE is kept in {@code best/}. Resumable bit for bit from {@code training_state.npz}. The
 * epoch loop is sim-core's {@link TrainingLoop}; this class supplies windows, loss and metrics.
 */
public final class NeuronioFit implements TrainingTask {
    static final String VALID_AUC = "valid_auc";
    static final String VALID_SOMA_RMSE = "valid_soma_rmse_mv";
    /** The curve file (read by the Python package too). */
    static final String CURVE_FILE = "curve.csv";

    /** The paper's values where it gives them: d_m 20, 20 epochs of 500 batches of 8 windows of 500 ms, Adam 5e-4. */
    public static final Settings DEFAULTS = Settings.builder().build();

    /**
     * The fit's settings besides the run. Immutable; made with {@link #builder()}, checked when made.
     *
     * @param run epochs, optimiser (Adam), learning rate, seed, threads, resume/force/stop-after-epoch
     * @param numMemory d_m of a fresh model (with {@code init}: the model's, checked when {@code numMemoryGiven})
     * @param numMemoryGiven whether numMemory was asked for: with {@code init} it must then match the model
     * @param batchesPerEpoch training batches per epoch
     * @param batchSize windows per batch
     * @param window window length in steps (ms)
     * @param init the model directory to fine-tune; null: a fresh initialisation
     */
    public record Settings(RunSettings run, int numMemory, boolean numMemoryGiven, int batchesPerEpoch, int batchSize,
                           int window, Path init) {

        public static Builder builder() {
            return new Builder();
        }

        public Settings {
            java.util.Objects.requireNonNull(run, "run");
            RunSettings.requireAtLeast("num_memory", numMemory, 1);
            RunSettings.requireAtLeast("batches per epoch", batchesPerEpoch, 1);
            RunSettings.requireAtLeast("batch size", batchSize, 1);
            RunSettings.requireAtLeast("window", window, 1);
        }

        /** Collects the values; {@link #build()} checks them. */
        public static final class Builder {
            private RunSettings run = RunSettings.builder().epochs(20).optimizer(Optimizer.Kind.ADAM, 5e-4)
                .build();
            private int numMemory = 20;
            private boolean numMemoryGiven;
            private int batchesPerEpoch = 500;
            private int batchSize = 8;
            private int window = 500;
            private Path init;

            /** The settings; throws IllegalArgumentException naming the first value out of range. */
            public Settings build() {
                return new Settings(run, numMemory, numMemoryGiven, batchesPerEpoch, batchSize, window, init);
            }

            public Builder run(RunSettings run) { this.run = run; return this; }

            /** d_m, asked for: with {@link #init} the model must have it. */
            public Builder numMemory(int dM) { this.numMemory = dM; this.numMemoryGiven = true; return this; }

            public Builder batchesPerEpoch(int batches) { this.batchesPerEpoch = batches; return this; }
            public Builder batchSize(int windows) { this.batchSize = windows; return this; }
            /** Steps (ms) per window. */
            public Builder window(int steps) { this.window = steps; return this; }
            public Builder init(Path modelDirectory) { this.init = modelDirectory; return this; }
        }
    }

    /** What a run produced. */
    public record Outcome(TrainingCurve curve, int bestEpoch, double bestSomaRmse, Path bestModel) {
    }

    private final Settings settings;
    private final TrainingWindows windows;
    private final Map<String, List<NeuronioSimulation>> valid;
    private final int validSims;
    private final float[] spike;
    private final float[] soma;

    private NeuronioFit(Settings s, TrainingWindows windows, Map<String, List<NeuronioSimulation>> valid) {
        this.settings = s;
        this.windows = windows;
        this.valid = valid;
        this.validSims = valid.values().stream().mapToInt(List::size).sum();
        this.spike = new float[s.batchSize() * s.window()];
        this.soma = new float[s.batchSize() * s.window()];
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
        TrainingLoop loop = TrainingLoop.open(out, s.run(), CURVE_FILE, List.of(new NeuronioCurvePlots()), log);
        NeuronioFit task = new NeuronioFit(s, new TrainingWindows(train, s.window()), valid);
        ElmModel model = task.initialModel();
        log.printf(Locale.ROOT, "model: %d inputs, %d x %d synapses, d_m %d, %d parameters%s; %d training simulations,"
                + " %d validation simulations; %d epochs x %d batches of %d windows of %d ms%n", model.numInput(),
            model.numBranch(), model.synapsesPerBranch(), model.numMemory(), model.trainableParameterCount(),
            s.init() != null ? " (from " + s.init() + ")" : "", train.size(), task.validSims, s.run().epochs(),
            s.batchesPerEpoch(), s.batchSize(), s.window());
        TrainingLoop.Result r = loop.train(task, model);
        return new Outcome(r.curve(), r.bestEpoch(), r.best(), r.bestModel());
    }

    /** The --init model or a fresh one of the paper's shape, checked against the simulations. */
    private ElmModel initialModel() throws IOException {
        Settings s = settings;
        int channels = windows.channels();
        ElmModel model = s.init() != null ? ModelDirectory.load(s.init())
            : ElmModel.initialise(paperConfig(channels, s.numMemory()), s.run().seed());
        if (s.init() != null && s.numMemoryGiven() && model.numMemory() != s.numMemory()) {
            throw new IllegalArgumentException(s.init() + ": num_memory is " + model.numMemory() + " but --memory asks"
                + " for " + s.numMemory() + "; fine-tuning keeps the --init model's shape: drop --memory or choose a"
                + " model with num_memory " + s.numMemory());
        }
        if (model.numInput() != channels || model.numOutput() != 2) {
            throw new IllegalArgumentException((s.init() != null ? s.init() + ": " : "") + "model has num_input "
                + model.numInput() + " and num_output " + model.numOutput() + "; the simulations need num_input "
                + channels + " and num_output 2");
        }
        return model;
    }

    @Override
    public List<String> metricNames() {
        return List.of(VALID_AUC, VALID_SOMA_RMSE);
    }

    @Override
    public Best best() {
        return new Best(1, "best_soma_rmse", false);
    }

    @Override
    public int batchesPerEpoch() {
        return settings.batchesPerEpoch();
    }

    @Override
    public EpochBatches epoch(int epoch) {
        // One stream per epoch, so a resumed run draws what an uninterrupted one would.
        SplittableRandom rng = new SplittableRandom(settings.run().seed() * 0x9E3779B97F4A7C15L + epoch);
        int w = settings.window();
        int[] drawn = {0};
        return () -> {
            if (drawn[0]++ >= settings.batchesPerEpoch()) {
                return null;
            }
            return TrainingBatch.sparse(windows.drawSparse(rng, settings.batchSize(), spike, soma),
                (y, first, count, gy) -> Loss.neuronio(y, 2, Arrays.copyOfRange(spike, first * w, (first + count) * w),
                    Arrays.copyOfRange(soma, first * w, (first + count) * w), gy));
        };
    }

    @Override
    public double[] evaluate(ElmModel model, int epoch, PrintStream log) throws InterruptedException {
        ProgressMeter validation = ProgressMeter.start("validation simulations", validSims, log);
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluateSimulations(model, valid, settings.run().threads(),
            validation);
        validation.finish();
        return new double[] {r.metrics.get("AUC"), r.metrics.get("soma_RMSE")};
    }

    @Override
    public String summary(double trainLoss, double[] m, boolean improved) {
        return String.format(Locale.ROOT, "train loss %.5f, validation AUC %.4f, soma RMSE %.4f mV%s", trainLoss, m[0],
            m[1], improved ? " (best)" : "");
    }
}
