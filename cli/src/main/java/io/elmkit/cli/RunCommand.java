package io.elmkit.cli;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ReferenceBinning;
import io.elmkit.shd.ShdEvents;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.JournalInput;
import io.elmkit.sim.engine.JournalOutputSink;
import io.elmkit.sim.engine.NeuronSpec;
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
import picocli.CommandLine.Option;

/**
 * {@code elmkit run}: streams an input through a population of ELM neurons in the engine and writes
 * the outputs; reports simulated-time rate and real-time factor.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Streams spikes through ELM neurons on the event-driven engine.",
        "IN: events .npz (spec section 5), a journal directory, or an SHD .h5 (binned with --dt-ms, reference binning).",
        "OUT: outputs .npz (output (B, T, d_o) float32, the raw forward like `elmkit predict`; spikes rows (sample, step,",
        "copy) with --spike-threshold), or a journal directory (records: stream = sample, channel = output index)."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path modelDir;

    @Option(names = "--input", required = true, paramLabel = "IN", description = "Events .npz, journal directory or SHD .h5.")
    Path input;

    @Option(names = "--output", paramLabel = "OUT",
        description = "Outputs .npz or journal directory (omit for a load test: outputs are checked and counted only).")
    Path output;

    @Option(names = "--neurons", defaultValue = "1", paramLabel = "N",
        description = "Neurons fed by each input stream (load tests; copies must agree bit for bit; default: 1).")
    int neuronsPerStream;

    @Option(names = "--threads", paramLabel = "K", description = "Engine threads (default: all cores).")
    Integer threads;

    @Option(names = "--realtime", description = "Pace steps to the wall clock (dt per step) and report missed deadlines.")
    boolean realtime;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "busy|yield|backoff|sleep",
        description = "How engine threads wait for input or each other: busy (spin, lowest latency, burns the core),"
            + " yield, backoff (spin, yield, then park up to 0.1 ms; default), sleep (park 0.1 ms).")
    String idle;

    @Option(names = "--dt-ms", paramLabel = "D",
        description = "Step length in ms: the binning of an SHD .h5 (default 1), pacing for --realtime (default: the input's dt_ms).")
    Double dtMs;

    @Option(names = "--spike-threshold", paramLabel = "P",
        description = "Neurons emit spikes when sigmoid(output 0) >= P (recorded as `spikes` in the outputs .npz).")
    Double spikeThreshold;

    @Option(names = "--refractory-steps", defaultValue = "2", paramLabel = "R",
        description = "Silent steps after a spike (default: ${DEFAULT-VALUE}).")
    int refractorySteps;

    @Override
    public Integer call() throws Exception {
        if (neuronsPerStream < 1) {
            throw new IllegalArgumentException("--neurons: expected at least 1, found " + neuronsPerStream);
        }
        ElmModel model = ModelDirectory.load(modelDir);
        SpikeJournal inputJournal = null;
        SpikeJournal outputJournal = null;
        boolean outputsComplete = false;
        PrintStream err = System.err;
        try {
            SpikeInput source;
            String name = input.getFileName().toString();
            if (Files.isDirectory(input)) {
                inputJournal = SpikeJournal.open(input);
                source = new JournalInput(inputJournal, input.toString());
                if (inputJournal.endingWarning() != null) {
                    err.println("warning: " + inputJournal.endingWarning());
                }
            } else if (name.endsWith(".npz")) {
                source = new EventsFileInput(EventsFile.read(input), input.toString());
            } else if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
                double bin = dtMs != null ? dtMs : 1.0;
                source = new EventsFileInput(ShdEvents.of(new BinnedSamples(JhdfShdSamples.read(input),
                    ReferenceBinning.ofBinMs(bin))), input.toString());
            } else {
                throw new IllegalArgumentException(input + ": expected an events .npz, a journal directory or an SHD .h5");
            }
            if (source.numChannels() != model.numInput()) {
                throw new IllegalArgumentException(input + ": num_channels is " + source.numChannels()
                    + ", but the model in " + modelDir + " expects num_input = " + model.numInput());
            }
            int streams = source.numStreams();
            long steps = source.numSteps();
            double stepMs = dtMs != null ? dtMs : (Double.isNaN(source.dtMs()) ? 1.0 : source.dtMs());

            Engine.Options options = new Engine.Options();
            options.threads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            options.realtime = realtime;
            options.idleStrategy = idleStrategy(idle);
            options.dtMs = stepMs;
            SpikeRule rule = spikeThreshold == null ? null
                : SpikeRule.sigmoidOfOutput(0, spikeThreshold, refractorySteps);
            try (Engine engine = new Engine(options)) {
                int in = engine.addInput(source);
                int[][] ids = new int[streams][];
                for (int s = 0; s < streams; s++) {
                    ids[s] = engine.addNeurons(new NeuronSpec(model, in, s, rule), neuronsPerStream);
                }
                boolean toNpz = output != null && output.getFileName().toString().endsWith(".npz");
                // Without an .npz to write, the sink only checks the copies (memory stays flat on long runs).
                ArrayOutputSink arrays = new ArrayOutputSink(ids, model.numOutput(), steps, toNpz);
                engine.addSink(arrays);
                if (output != null && !output.getFileName().toString().endsWith(".npz")) {
                    int[] first = new int[streams];
                    for (int s = 0; s < streams; s++) {
                        first[s] = ids[s][0];
                    }
                    outputJournal = SpikeJournal.create(output, new JournalHeader(model.numOutput(), stepMs, steps,
                        "elmkit run " + modelDir.getFileName() + " on " + input.getFileName()));
                    engine.addSink(new JournalOutputSink(outputJournal, first));
                }
                long neurons = (long) streams * neuronsPerStream;
                err.printf(Locale.ROOT, "running %d neurons (%d streams x %d) of %s on %s: %s steps of %.3f ms, %d threads%s%n",
                    neurons, streams, neuronsPerStream, modelDir.getFileName(), input.getFileName(),
                    steps < 0 ? "unknown" : Long.toString(steps), stepMs, engine.threads(), realtime ? ", paced to real time" : "");
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
                progress.finish();
                double seconds = engine.elapsedSeconds();
                if (arrays.copyMismatches() > 0) {
                    throw new IllegalStateException(arrays.copyMismatches() + " output values of neuron copies differed "
                        + "from their stream's first neuron: the engine is not deterministic here; please report it");
                }
                err.printf(Locale.ROOT, "done: %,d steps (%.1f ms simulated) x %,d neurons in %.3f s: %,.0f neuron-steps/s, "
                        + "%,.0f input events, real-time factor %.2f%s%n", engine.steps(), engine.steps() * stepMs, neurons,
                    seconds, engine.neuronSteps() / Math.max(seconds, 1e-9), (double) engine.inputEvents(),
                    engine.realTimeFactor(),
                    realtime ? String.format(Locale.ROOT, ", %d missed deadlines", engine.missedDeadlines()) : "");
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
                }
            }
        } finally {
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
}
