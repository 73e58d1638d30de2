package io.elmkit.cli;

import io.elmkit.cli.live.LiveView;
import io.elmkit.cli.live.LiveViewOptions;
import io.elmkit.io.FileKind;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.shd.ShdFileEvents;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.JournalInput;
import io.elmkit.sim.engine.JournalOutputSink;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.engine.SpikeEndpoints;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.engine.SpikeRule;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code elmkit run}: streams an input through a population of ELM neurons in the engine and writes
 * the outputs; reports simulated-time rate and real-time factor.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Streams spikes through ELM neurons on the event-driven engine.",
        "IN, recognised by content (not name): an events .npz (docs/formats.md); the",
        "SHD-Adding .npz of `elmkit shd-adding` (its bin_ms must be the model's",
        "delta_t); an SHD .h5 in either layout (shd_train.h5, shd-adding --h5),",
        "binned at the model's delta_t by the reference binning, every spike kept",
        "unless --duration-ms; or a journal directory.",
        "OUT: outputs .npz (output (B, T, d_o) float32, the raw forward like",
        "`elmkit predict`; spikes rows (sample, step, copy) with --spike-threshold),",
        "or a journal directory (records: stream = sample, channel = output index)."},
    footer = {"", "Examples:",
        "  elmkit run --model training/best --input shd_test.h5 --output out.npz",
        "  elmkit shd-adding --shd shd_test.h5 --out pairs.npz --bin-ms 10",
        "  elmkit run --model training/best --input pairs.npz",
        "  elmkit run --model M --input shd_test.h5 --duration-ms 1000",
        "      (the reference's 1 s cut per digit)",
        "  elmkit run --model M --input pairs.npz --realtime --serve 8080",
        "      (watch it at http://127.0.0.1:8080/)"})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (model_config.json, weights).")
    Path modelDir;

    @Option(names = "--input", required = true, paramLabel = "IN",
        description = "Events .npz, SHD-Adding .npz, SHD .h5 or journal directory (the kind is read from the content),"
            + " or kafka://HOST:PORT/TOPIC, a spike topic (README \"Pipelines\"; elmkit-pipeline.jar).")
    String inputArg;

    @Option(names = "--output", paramLabel = "OUT",
        description = "Outputs .npz or journal directory, or kafka://HOST:PORT/TOPIC, an outputs topic (default: none,"
            + " a load test: outputs are checked and counted only).")
    String outputArg;

    /** --input and --output as files; null when absent or a URI (inputUri, outputUri). */
    Path input;
    Path output;
    java.net.URI inputUri;
    java.net.URI outputUri;

    @Option(names = "--neurons", defaultValue = "1", paramLabel = "N",
        description = "Neurons fed by each input stream (load tests; copies must agree bit for bit; default: ${DEFAULT-VALUE}).")
    int neuronsPerStream;

    @Option(names = "--threads", paramLabel = "K", description = "Engine threads (default: all cores).")
    Integer threads;

    @Option(names = "--realtime", description = "Pace steps to the wall clock (dt per step) and report missed deadlines"
        + " (default: off, as fast as possible).")
    boolean realtime;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "busy|yield|backoff|sleep",
        description = "How engine threads wait for input or each other: busy (spin, lowest latency, burns the core),"
            + " yield, backoff (spin, yield, then park up to 0.1 ms), sleep (park 0.1 ms) (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--dt-ms", paramLabel = "D",
        description = "Step length in ms (default: the model's delta_t, which bins an SHD .h5; events and journals keep"
            + " their dt_ms). Given, it must equal the model's delta_t: a model steps at the dt it was trained at.")
    Double dtMs;

    @Option(names = "--duration-ms", paramLabel = "MS",
        description = "SHD .h5 only: steps = the reference binning of MS ms, spikes at or after it dropped (default: from the"
            + " data, the latest spike's step + 1, so every spike is kept; 1000 reproduces the reference's cut per digit).")
    Double durationMs;

    @Option(names = "--spike-threshold", paramLabel = "P",
        description = "Neurons emit spikes when sigmoid(output 0) >= P (recorded as `spikes` in the outputs .npz;"
            + " default: no spikes). For a NeuronIO surrogate take P from `eval-neuronio` (its \"NEURON's rate\""
            + " threshold fires as many spikes as NEURON; 0.5 is usually never reached).")
    Double spikeThreshold;

    @Option(names = "--spike-threshold-from", paramLabel = "EVAL.json[:fp=RATE]",
        description = "Take P from the --json of eval-neuronio: the threshold that fires NEURON's number of spikes,"
            + " with its refractory steps (or with :fp=0.0025 the one at that false positive rate; default: none).")
    String spikeThresholdFrom;

    @Option(names = "--refractory-steps", defaultValue = "2", paramLabel = "R",
        description = "Silent steps after a spike (default: ${DEFAULT-VALUE}).")
    int refractorySteps;

    @Mixin
    LiveViewOptions liveView;

    @Override
    public Integer call() throws Exception {
        if (neuronsPerStream < 1) {
            throw new IllegalArgumentException("--neurons: expected at least 1, found " + neuronsPerStream);
        }
        // kafka://... names an endpoint served by a provider on the class path (SpikeEndpoints), not a file.
        if (SpikeEndpoints.isUri(inputArg)) {
            inputUri = SpikeEndpoints.parse("--input", inputArg);
        } else {
            input = Path.of(inputArg);
        }
        if (SpikeEndpoints.isUri(outputArg)) {
            outputUri = SpikeEndpoints.parse("--output", outputArg);
        } else if (outputArg != null) {
            output = Path.of(outputArg);
        }
        String inputName = input != null ? input.getFileName().toString() : inputArg;
        ElmModel model = ModelDirectory.load(modelDir);
        SpikeJournal inputJournal = null;
        SpikeJournal outputJournal = null;
        boolean outputsComplete = false;
        PrintStream err = System.err;
        LiveView live = null;
        try {
            live = liveView.startIfAsked(err);
            double modelDtMs = model.config().deltaTMs();
            if (dtMs != null && !ShdInputs.sameStep(dtMs, modelDtMs)) {
                throw new IllegalArgumentException("--dt-ms " + ShdInputs.ms(dtMs) + " contradicts the model: " + modelDir
                    + " was trained with delta_t = " + ShdInputs.ms(modelDtMs) + " ms (leave --dt-ms out to step at it)");
            }
            SpikeInput source;
            FileKind kind = input != null ? FileKind.of(input) : null;
            if (durationMs != null && kind != FileKind.HDF5) {
                throw new IllegalArgumentException("--duration-ms: applies to SHD .h5 input only; " + inputArg + " is "
                    + (kind != null ? kind.describe() : "not a file"));
            }
            if (inputUri != null) {
                source = SpikeEndpoints.forUri("--input", inputUri).input(inputUri);
            } else if (kind == FileKind.JOURNAL_DIR || kind == FileKind.DIRECTORY) {
                inputJournal = SpikeJournal.open(input);
                source = new JournalInput(inputJournal, input.toString());
                if (inputJournal.endingWarning() != null) {
                    err.println("warning: " + inputJournal.endingWarning());
                }
            } else if (kind == FileKind.NPZ && ShdInputs.isShdAddingNpz(input)) {
                source = new EventsFileInput(ShdInputs.shdAddingPairs(input, modelDtMs, modelDir), input.toString());
            } else if (kind == FileKind.NPZ) {
                source = new EventsFileInput(EventsFile.read(input), input.toString());
            } else if (kind == FileKind.HDF5) {
                source = new EventsFileInput(ShdFileEvents.read(input, modelDtMs, durationMs, ShdFileEvents.Values.COUNTS),
                    input.toString());
            } else {
                throw ShdInputs.wrongKind(input, kind, "run reads an events .npz, an SHD-Adding .npz (elmkit shd-adding),"
                    + " an SHD .h5 (either layout) or a journal directory");
            }
            if (source.numChannels() != model.numInput()) {
                throw new IllegalArgumentException(inputArg + ": num_channels is " + source.numChannels()
                    + ", but the model in " + modelDir + " expects num_input = " + model.numInput());
            }
            source = live != null ? live.tap(source) : source;
            int streams = source.numStreams();
            long steps = source.numSteps();
            // --dt-ms (= the model's), else the input's own step (events, journals; SHD is binned at the
            // model's), else the model's.
            double stepMs = dtMs != null ? dtMs : Double.isNaN(source.dtMs()) ? modelDtMs : source.dtMs();

            Engine.Options options = new Engine.Options();
            options.threads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            options.realtime = realtime;
            options.idleStrategy = idleStrategy(idle);
            options.dtMs = stepMs;
            SpikeRule rule = spikeRule(err);
            try (Engine engine = new Engine(options)) {
                int in = engine.addInput(source);
                int[][] ids = new int[streams][];
                for (int s = 0; s < streams; s++) {
                    ids[s] = engine.addNeurons(new NeuronSpec(model, in, s, rule), neuronsPerStream);
                }
                if (live != null) {
                    live.watch(engine, "elmkit run " + modelDir.getFileName() + " on " + input.getFileName(), ids,
                        source.numChannels(), model.numOutput(), stepMs, realtime);
                }
                boolean toNpz = output != null && output.getFileName().toString().endsWith(".npz");
                // Without an .npz to write, the sink only checks the copies (memory stays flat on long runs).
                ArrayOutputSink arrays = new ArrayOutputSink(ids, model.numOutput(), steps, toNpz);
                engine.addSink(arrays);
                if (outputUri != null) {
                    int[] first = new int[streams];
                    for (int s = 0; s < streams; s++) {
                        first[s] = ids[s][0];
                    }
                    engine.addSink(SpikeEndpoints.forUri("--output", outputUri).output(outputUri,
                        new SpikeEndpoints.OutputTarget(first, model.numOutput(), stepMs, steps, null, rule != null,
                            "elmkit run " + modelDir.getFileName() + " on " + inputName)));
                }
                if (output != null && !output.getFileName().toString().endsWith(".npz")) {
                    int[] first = new int[streams];
                    for (int s = 0; s < streams; s++) {
                        first[s] = ids[s][0];
                    }
                    outputJournal = SpikeJournal.create(output, new JournalHeader(model.numOutput(), stepMs, steps,
                        "elmkit run " + modelDir.getFileName() + " on " + inputName));
                    engine.addSink(new JournalOutputSink(outputJournal, first));
                }
                long neurons = (long) streams * neuronsPerStream;
                err.printf(Locale.ROOT, "running %d neurons (%d streams x %d) of %s on %s: %s steps of %.3f ms%s, %d threads%s%n",
                    neurons, streams, neuronsPerStream, modelDir.getFileName(), inputName,
                    steps < 0 ? "unknown" : Long.toString(steps), stepMs,
                    ShdInputs.sameStep(stepMs, modelDtMs) ? "" : String.format(Locale.ROOT,
                        " (the input's dt_ms; the model was trained at delta_t = %s ms)", ShdInputs.ms(modelDtMs)),
                    engine.threads(), realtime ? ", paced to real time" : "");
                ProgressMeter progress = ProgressMeter.start("steps", steps, err);
                engine.addSink(out -> {
                    progress.advance(1);
                    if (out.step() % 64 == 0) {
                        progress.detail(String.format(Locale.ROOT, "%.0f ms simulated, real-time factor %.2f",
                            (out.step() + 1) * stepMs, engine.realTimeFactor()));
                    }
                });
                engine.run();
                outputsComplete = true;
                // The detail is refreshed every 64 steps; the final line states where the run ended.
                progress.detail(String.format(Locale.ROOT, "%.0f ms simulated, real-time factor %.2f",
                    engine.steps() * stepMs, engine.realTimeFactor()));
                progress.finish();
                double seconds = engine.elapsedSeconds();
                if (arrays.copyMismatches() > 0) {
                    throw new IllegalStateException(arrays.copyMismatches() + " output values of neuron copies differed "
                        + "from their stream's first neuron: the engine is not deterministic here; please report it");
                }
                err.printf(Locale.ROOT, "done: %,d steps (%.1f ms simulated) x %,d neurons in %.3f s: %,.0f neuron-steps/s, "
                        + "%,.0f input events, real-time factor %.2f%s%s%n", engine.steps(), engine.steps() * stepMs, neurons,
                    seconds, engine.neuronSteps() / Math.max(seconds, 1e-9), (double) engine.inputEvents(),
                    engine.realTimeFactor(),
                    realtime ? String.format(Locale.ROOT, ", %d missed deadlines", engine.missedDeadlines()) : "",
                    // a fresh JVM compiles the model's loops while it runs: a run of a second or two understates
                    seconds < 2 ? " (short run: includes JIT warm-up of a fresh JVM)" : "");
                if (rule != null) {
                    err.printf(Locale.ROOT, "spikes emitted: %,d%n", engine.spikesEmitted());
                }
                if (output != null && output.getFileName().toString().endsWith(".npz")) {
                    Path parent = output.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    arrays.write(output, rule != null);
                    err.printf("wrote %s: output (%d, %d, %d)%n", output, streams, arrays.steps(), model.numOutput());
                } else if (output != null) {
                    err.printf("wrote journal %s%n", output);
                } else if (outputUri != null) {
                    err.printf("sent outputs to %s%n", outputUri);
                }
            }
            if (live != null) {
                live.finish();
            }
        } finally {
            if (live != null) {
                live.close();
            }
            if (inputJournal != null) {
                inputJournal.close();
            }
            if (outputJournal != null && outputsComplete) {
                outputJournal.close();
            } else if (outputJournal != null) {
                outputJournal.closeUnfinished(); // a run that failed part-way must not read as complete
            }
        }
        return 0;
    }

    private static java.util.function.Supplier<org.agrona.concurrent.IdleStrategy> idleStrategy(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "busy":
                return org.agrona.concurrent.BusySpinIdleStrategy::new;
            case "yield":
                return org.agrona.concurrent.YieldingIdleStrategy::new;
            case "backoff":
                return () -> new org.agrona.concurrent.BackoffIdleStrategy(100, 10, 1_000, 100_000);
            case "sleep":
                return () -> new org.agrona.concurrent.SleepingIdleStrategy(100_000);
            default:
                throw new IllegalArgumentException("--idle: expected busy, yield, backoff or sleep, found '" + name + "'");
        }
    }

    /** The spike rule of --spike-threshold or --spike-threshold-from, or null for none. */
    private SpikeRule spikeRule(PrintStream err) throws java.io.IOException {
        if (spikeThresholdFrom == null) {
            return spikeThreshold == null ? null : SpikeRule.sigmoidOfOutput(0, spikeThreshold, refractorySteps);
        }
        if (spikeThreshold != null) {
            throw new IllegalArgumentException("give --spike-threshold or --spike-threshold-from, not both");
        }
        SpikeThresholdFile.Choice c = SpikeThresholdFile.read(spikeThresholdFrom);
        if (c.refractorySteps() != null && c.refractorySteps() != refractorySteps) {
            err.printf(Locale.ROOT, "note: the threshold was matched to NEURON's rate with %d refractory steps;"
                + " this run uses %d (--refractory-steps)%n", c.refractorySteps(), refractorySteps);
        }
        err.printf(Locale.ROOT, "spike threshold p >= %s (%s, from %s)%n",
            java.math.BigDecimal.valueOf(c.threshold()).toPlainString(), c.what(), spikeThresholdFrom);
        return SpikeRule.sigmoidOfOutput(0, c.threshold(), refractorySteps);
    }
}
