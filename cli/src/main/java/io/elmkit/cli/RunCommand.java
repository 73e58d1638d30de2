package io.elmkit.cli;

import io.elmkit.cli.live.LiveView;
import io.elmkit.cli.options.KafkaClientOptions;
import io.elmkit.cli.options.PopulationOptions;
import io.elmkit.cli.options.SpikeRuleOptions;
import io.elmkit.cli.options.StandardCommand;
import io.elmkit.cli.options.StreamingOptions;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.io.FileKind;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.JournalOutputSink;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.engine.SpikeEndpoints;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.engine.SpikeRule;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.network.Network;
import java.io.PrintStream;
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
@Command(name = "run")
final class RunCommand extends StandardCommand implements Callable<Integer> {

    /** --model, --input, --output, --neurons, the spike rule and --serve, as flink has them. */
    @Mixin PopulationOptions population;

    /** --input and --output as files; null when absent or a URI (inputUri, outputUri). */
    Path input;
    Path output;
    java.net.URI inputUri;
    java.net.URI outputUri;

    @Mixin ThreadsOption threads;

    @Mixin StreamingOptions streaming;

    @Mixin KafkaClientOptions kafkaClient;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "busy|yield|backoff|sleep") String idle;

    @Option(names = "--dt-ms", paramLabel = "D", descriptionKey = "run.dt-ms") Double dtMs;

    @Option(names = "--spike-threshold-from", paramLabel = "EVAL.json[:fp=RATE]") String spikeThresholdFrom;

    @Override
    public Integer call() throws Exception {
        boolean realtime = streaming.realtime();
        Double durationMs = streaming.durationMs();
        int neuronsPerStream = population.neurons().perStream();
        String inputArg = population.input();
        String outputArg = population.output();
        // kafka://... names an endpoint served by a provider on the class path (SpikeEndpoints), not a file.
        if (SpikeEndpoints.isUri(inputArg)) {
            inputUri = kafkaClient.applyTo(SpikeEndpoints.parse("--input", inputArg));
        } else {
            input = Path.of(inputArg);
        }
        if (SpikeEndpoints.isUri(outputArg)) {
            outputUri = kafkaClient.applyTo(SpikeEndpoints.parse("--output", outputArg));
        } else if (outputArg != null) {
            output = Path.of(outputArg);
        }
        String inputName = input != null ? input.getFileName().toString() : inputArg;
        Path modelDir = population.model().dir();
        ElmModel model = population.model().load();
        SpikeJournal inputJournal = null;
        SpikeJournal outputJournal = null;
        boolean outputsComplete = false;
        PrintStream err = System.err;
        LiveView live = null;
        try {
            live = population.liveView().startIfAsked(err);
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
                source = endpoints("--input", inputUri).input(inputUri);
            } else if (kind == FileKind.NPZ && ShdInputs.isShdAddingNpz(input)) {
                source = new EventsFileInput(ShdInputs.shdAddingPairs(input, modelDtMs, modelDir), input.toString());
            } else {
                SpikeFiles.Opened opened = SpikeFiles.open(input, kind, modelDtMs, durationMs, err);
                if (opened == null) {
                    throw ShdInputs.wrongKind(input, kind, "run reads an events .npz, an SHD-Adding .npz (elmkit"
                        + " shd-adding), an SHD .h5 (either layout) or a journal directory");
                }
                inputJournal = opened.journal();
                source = opened.source();
            }
            Populations.requireChannels(inputArg, source.numChannels(), model, modelDir);
            source = live != null ? live.tap(source) : source;
            int streams = source.numStreams();
            long steps = source.numSteps();
            // --dt-ms (= the model's), else the input's own step (events, journals; SHD is binned at the
            // model's), else the model's.
            double stepMs = dtMs != null ? dtMs : Double.isNaN(source.dtMs()) ? modelDtMs : source.dtMs();

            Engine.Options options = Engine.Options.builder().threads(threads.count())
                .realtime(realtime).idleStrategy(idleStrategy(idle)).dtMs(stepMs).build();
            SpikeRule rule = spikeRule(err);
            Network network = population.connections().read(streams, neuronsPerStream, model.numInput(), rule != null);
            try (Engine engine = new Engine(options)) {
                int in = engine.addInput(source);
                int[][] ids = new int[streams][];
                for (int s = 0; s < streams; s++) {
                    ids[s] = engine.addNeurons(new NeuronSpec(model, in, s, rule), neuronsPerStream);
                }
                if (network != null) {
                    network.connect(engine, ids);
                    err.printf(Locale.ROOT, "connections: %,d (%,d between streams) from %s%n", network.size(),
                        network.crossStreamCount(), population.connections().file());
                }
                if (live != null) {
                    live.watch(engine, Populations.title("run", modelDir, input.getFileName().toString()), ids,
                        source.numChannels(), model.numOutput(), stepMs, realtime);
                }
                boolean toNpz = output != null && output.getFileName().toString().endsWith(".npz");
                // Without an .npz to write, the sink only checks the copies (memory stays flat on long runs).
                ArrayOutputSink arrays = new ArrayOutputSink(ids, model.numOutput(), steps, toNpz);
                engine.addSink(arrays);
                int[] first = new int[streams]; // each stream's first neuron speaks for its copies
                for (int s = 0; s < streams; s++) {
                    first[s] = ids[s][0];
                }
                if (outputUri != null) {
                    engine.addSink(endpoints("--output", outputUri).output(outputUri,
                        new SpikeEndpoints.OutputTarget(ids, model.numOutput(), stepMs, steps, null, rule != null,
                            Populations.title("run", modelDir, inputName))));
                }
                if (output != null && !output.getFileName().toString().endsWith(".npz")) {
                    outputJournal = SpikeJournal.create(output, new JournalHeader(model.numOutput(), stepMs, steps,
                        Populations.title("run", modelDir, inputName)));
                    engine.addSink(new JournalOutputSink(outputJournal, first));
                }
                long neurons = (long) streams * neuronsPerStream;
                err.printf(Locale.ROOT, "running %d neurons (%d streams x %d) of %s on %s: %s steps of %.3f ms%s, on %d of %d threads%s%n",
                    neurons, streams, neuronsPerStream, modelDir.getFileName(), inputName,
                    steps < 0 ? "unknown" : Long.toString(steps), stepMs,
                    ShdInputs.sameStep(stepMs, modelDtMs) ? "" : String.format(Locale.ROOT,
                        " (the input's dt_ms; the model was trained at delta_t = %s ms)", ShdInputs.ms(modelDtMs)),
                    engine.shardsFor(neurons), engine.threads(), realtime ? ", paced to real time" : "");
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
                if (network == null) { // connections feed a stream's neurons differently
                    Populations.requireCopiesAgree(arrays.copyMismatches(), "the engine is");
                }
                err.printf(Locale.ROOT, "done: %,d steps (%.1f ms simulated) x %,d neurons in %.3f s: %,.0f neuron-steps/s, "
                        + "%,.0f input events, real-time factor %.2f%s%s%s%n", engine.steps(), engine.steps() * stepMs, neurons,
                    seconds, engine.neuronSteps() / Math.max(seconds, 1e-9), (double) engine.inputEvents(),
                    engine.realTimeFactor(),
                    realtime ? String.format(Locale.ROOT, ", %d missed deadlines", engine.missedDeadlines()) : "",
                    // many blocks helped: the threads ran at unequal speeds (a busy neighbour, uneven vCPUs)
                    engine.shardsInUse() > 1 ? String.format(Locale.ROOT, ", %d threads stepping, %,d blocks stepped by a"
                        + " thread helping another's shard", engine.shardsInUse(), engine.blocksSteppedByHelpers()) : "",
                    // a fresh JVM compiles the model's loops while it runs: a run of a second or two understates
                    seconds < 2 ? " (short run: includes JIT warm-up of a fresh JVM)" : "");
                if (rule != null) {
                    err.printf(Locale.ROOT, "spikes emitted: %,d%n", engine.spikesEmitted());
                }
                if (output != null && output.getFileName().toString().endsWith(".npz")) {
                    boolean spikes = rule != null;
                    Populations.writeOutputs(output, path -> arrays.write(path, spikes), streams, arrays.steps(),
                        model.numOutput(), err);
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

    /** The provider of {@code uri}; from now on a failure's line also says where its clients logged. */
    private static SpikeEndpoints endpoints(String option, java.net.URI uri) {
        SpikeEndpoints endpoints = SpikeEndpoints.forUri(option, uri);
        ErrorLineSuffix.set(endpoints::errorLineNote);
        return endpoints;
    }

    private static java.util.function.Supplier<org.agrona.concurrent.IdleStrategy> idleStrategy(String name) {
        try {
            return io.elmkit.sim.engine.IdleStrategies.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--idle: expected " + io.elmkit.sim.engine.IdleStrategies.NAMES + ", found '" + name + "'");
        }
    }

    /** The spike rule of --spike-threshold or --spike-threshold-from, or null for none. */
    private SpikeRule spikeRule(PrintStream err) throws java.io.IOException {
        SpikeRuleOptions spikeRule = population.spikeRule();
        int refractorySteps = spikeRule.refractorySteps();
        if (spikeThresholdFrom == null) {
            Double threshold = spikeRule.threshold();
            return threshold == null ? null : SpikeRule.sigmoidOfOutput(0, threshold, refractorySteps);
        }
        if (spikeRule.threshold() != null) {
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
