package io.elmkit.cli;

import io.elmkit.cli.options.BinMsOption;
import io.elmkit.cli.options.SeedOption;
import io.elmkit.cli.options.StandardCommand;
import io.elmkit.cli.live.LiveView;
import io.elmkit.cli.live.LiveViewOptions;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdFlatWriter;
import io.elmkit.plot.Plot;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ShdAddingBatch;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingGenerator;
import io.elmkit.shd.ShdEvents;
import io.elmkit.shd.synthetic.SyntheticShd;
import io.elmkit.shd.train.ShdAddingTraining;
import io.elmkit.shd.train.ShdModels;
import io.elmkit.shd.train.ShdOutcome;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.train.Optimizer;
import io.elmkit.sim.train.RunSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code elmkit demo}: the main job on built-in data, no arguments. Makes a synthetic dataset in the
 * SHD layout (our own generator, nothing downloaded), draws SHD-Adding pairs from it, trains a small
 * ELM for about a minute, streams the test pairs through the event-driven engine, and reports
 * accuracy, throughput and real-time factor, with plots, under {@code ./elmkit-demo/}.
 */
@Command(name = "demo", defaultValueProvider = DemoCommand.Defaults.class)
final class DemoCommand extends StandardCommand implements Callable<Integer> {

    /** The demo's settings by default: a run of about a minute on two cores. */
    record Settings(Path out, int epochs, int batchesPerEpoch, double binMs, int numMemory, double learningRate,
        int testPairs, long seed) {
    }

    /** The defaults, from {@link Settings} (RecordDefaults: fields are named like its components). */
    static final class Defaults extends RecordDefaults {
        Defaults() {
            super(new Settings(Path.of("elmkit-demo"), 12, 500, 10, 20, 1e-2, 400, 1));
        }
    }

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "demo.out") Path out;

    @Option(names = "--epochs", paramLabel = "N", descriptionKey = "demo.epochs") int epochs;

    @Option(names = "--batches-per-epoch", paramLabel = "N", descriptionKey = "demo.batches-per-epoch") int batchesPerEpoch;

    /** 10 ms, as `train shd-adding` and the reference notebook (`shd-adding` alone: the paper's 2 ms). */
    @Mixin BinMsOption binMs;

    @Option(names = "--memory", paramLabel = "N", descriptionKey = "demo.memory") int numMemory;

    @Option(names = "--lr", paramLabel = "RATE", descriptionKey = "demo.lr") double learningRate;

    @Option(names = "--test-pairs", paramLabel = "N") int testPairs;

    @Mixin ThreadsOption threads;

    @Mixin SeedOption seed;

    @Mixin LiveViewOptions liveView;

    @Override
    public Integer call() throws Exception {
        try (LiveView live = liveView.startIfAsked(System.err)) {
            return demo(live);
        }
    }

    private int demo(LiveView live) throws Exception {
        PrintStream log = System.out;
        long start = System.nanoTime();
        int workers = threads.count();
        long seed = this.seed.seed();
        double binMs = this.binMs.binMs();
        DemoDirectory.claim(out);
        Path data = out.resolve("data");
        Files.createDirectories(data);

        // 1. A synthetic dataset in the SHD layout (train and test share classes, not samples).
        SyntheticShd train = SyntheticShd.generate("synthetic SHD train", 2000, seed, seed * 1000 + 1, 1.0);
        SyntheticShd test = SyntheticShd.generate("synthetic SHD test", 600, seed, seed * 1000 + 2, 1.0);
        ShdFlatWriter.write(train, data.resolve("synthetic_shd_train.h5"), "source", "elmkit demo synthetic SHD");
        ShdFlatWriter.write(test, data.resolve("synthetic_shd_test.h5"), "source", "elmkit demo synthetic SHD");
        log.printf(Locale.ROOT, "1. data: synthetic SHD-layout dataset, 700 channels, 20 classes: %d train / %d test samples"
            + " (written to %s, flat layout)%n", train.size(), test.size(), data);

        // 2. SHD-Adding test pairs, also written as an events file for `elmkit run`.
        BinnedSamples testBinned = new BinnedSamples(test, ReferenceBinning.ofBinMs(binMs));
        int batchSize = 8;
        int testBatches = Math.max(1, testPairs / batchSize);
        ShdAddingGenerator gen = new ShdAddingGenerator(testBinned, ShdAddingConfig.reference(0, batchSize, binMs, testBatches));
        List<ShdAddingBatch> batches = new ArrayList<>();
        ShdAddingBatch b = gen.newBatch();
        while (gen.next(b)) {
            batches.add(b);
            b = gen.newBatch();
        }
        EventsFile pairs = ShdEvents.of(batches, binMs);
        Path pairsFile = data.resolve("shd_adding_test_events.npz");
        pairs.write(pairsFile);
        log.printf(Locale.ROOT, "2. SHD-Adding: %d test pairs of %d steps (%.0f ms bins), labels = digit sum (19 classes),"
            + " %,d input events (%s)%n", pairs.numSamples(), pairs.numSteps, binMs, (long) pairs.size(), pairsFile);

        // 3. Train a small ELM (Adamax, cross-entropy on the last step, input dropout), about a minute.
        // force: training/ lies in a folder the demo made (claimed above); its own files are replaced.
        RunSettings run = RunSettings.builder().epochs(epochs).optimizer(Optimizer.Kind.ADAMAX, learningRate)
            .seed(seed).threads(workers).force(true).build();
        ShdAddingTraining.Settings s = ShdAddingTraining.Settings.builder().batchesPerEpoch(batchesPerEpoch)
            .validationBatches(25).testBatches(testBatches).shd(ShdAddingTraining.DEFAULTS.shd().toBuilder().run(run)
                .binMs(binMs).numMemory(numMemory).numBranch(35).inputDropout(0.1).memoryTauMs(1, 1000).build()).build();
        Path trainDir = out.resolve("training");
        log.printf(Locale.ROOT, "3. training: %d epochs x %d batches of %d pairs, d_m %d%n", epochs, batchesPerEpoch,
            batchSize, numMemory);
        ShdOutcome outcome = ShdAddingTraining.run(train, test, trainDir, s, log);

        // 4. Stream the test pairs through the event-driven engine with the best checkpoint.
        ElmModel model = ModelDirectory.load(outcome.bestModel());
        Engine.Options options = Engine.Options.builder().threads(workers).dtMs(binMs).build();
        int n = (int) pairs.numSamples();
        ArrayOutputSink sink;
        double seconds;
        long neuronSteps;
        double rtf;
        try (Engine engine = new Engine(options)) {
            EventsFileInput source = new EventsFileInput(pairs, pairsFile.toString());
            int input = engine.addInput(live != null ? live.tap(source) : source);
            int[][] ids = new int[n][];
            for (int i = 0; i < n; i++) {
                ids[i] = new int[] {engine.addNeuron(NeuronSpec.listening(model, input, i))};
            }
            sink = new ArrayOutputSink(ids, model.numOutput(), pairs.numSteps);
            engine.addSink(sink);
            if (live != null) {
                live.watch(engine, "elmkit demo: " + n + " SHD-Adding test pairs", ids, model.numInput(),
                    model.numOutput(), binMs, false);
            }
            engine.run();
            seconds = engine.elapsedSeconds();
            neuronSteps = engine.neuronSteps();
            rtf = engine.realTimeFactor();
        }
        float[] y = sink.output();
        int steps = (int) pairs.numSteps;
        int classes = model.numOutput();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += ShdModels.predictedClass(y, i, steps, classes) == pairs.labels[i] ? 1 : 0;
        }
        double accuracy = (double) correct / n;
        log.printf(Locale.ROOT, "4. engine: %d test pairs streamed as %d neurons in %.3f s: %,.0f neuron-steps/s, real-time"
                + " factor %.0f (%.0f ms of spikes per pair, all pairs at once)%n", n, n, seconds, neuronSteps / seconds,
            rtf, steps * binMs);
        // Same engine, input and measure (neuron-steps / engine time) as `elmkit run`; what differs is the JVM.
        log.printf(Locale.ROOT, "   (timed in this JVM, already compiled by training; the `elmkit run` suggested below times"
            + " the same thing in a fresh JVM, JIT warm-up included, so on %.1f s of work it reports fewer)%n", seconds);
        log.printf(Locale.ROOT, "   test accuracy %.3f (%d/%d; chance %.3f; the trainer's forward said %.3f)%n", accuracy,
            correct, n, 1.0 / 19, outcome.testAccuracy());

        // 5. Plots: the learning curve is in training/; here one pair's input raster and output trace.
        plotPair(pairs, y, 0, steps, classes);
        log.printf(Locale.ROOT, "5. plots: %s, %s, %s (.png and .svg)%n", trainDir.resolve("learning_curve.png"),
            out.resolve("pair0_input_raster.png"), out.resolve("pair0_output.png"));
        log.printf(Locale.ROOT, "done in %.0f s. Try: ./elmkit run --model %s --input %s --output %s%n",
            (System.nanoTime() - start) / 1e9, outcome.bestModel(), pairsFile, out.resolve("outputs.npz"));
        if (live != null) {
            live.finish();
        }
        boolean consistent = Math.abs(accuracy - outcome.testAccuracy()) < 1e-12;
        if (!consistent) {
            log.println("error: the engine's accuracy differs from the trainer's forward on the same pairs");
            return 1;
        }
        return 0;
    }

    /** Input raster of pair {@code i} and its class scores over time (true class and the predicted one). */
    private void plotPair(EventsFile pairs, float[] y, int i, int steps, int classes) throws Exception {
        List<double[]> pts = new ArrayList<>();
        for (int e = 0; e < pairs.size(); e++) {
            if (pairs.sample[e] == i) {
                pts.add(new double[] {pairs.step[e] * binMs.binMs(), pairs.channel[e]});
            }
        }
        double[] rx = new double[pts.size()];
        double[] ry = new double[pts.size()];
        for (int k = 0; k < rx.length; k++) {
            rx[k] = pts.get(k)[0];
            ry[k] = pts.get(k)[1];
        }
        int label = (int) pairs.labels[i];
        int predicted = ShdModels.predictedClass(y, i, steps, classes);
        Plot.titled("SHD-Adding test pair " + i + ": input spikes (two digits in a row)", "time (ms)", "channel")
            .scatter("spikes", rx, ry).yRange(0, pairs.numChannels).size(1000, 400).save(out.resolve("pair0_input_raster"));
        PairOutputPlot.of(y, i, steps, classes, binMs.binMs(), label, predicted).save(out.resolve("pair0_output"));
    }
}
