package io.elmkit.flink;

import io.elmkit.cli.ErrorLineSuffix;
import io.elmkit.cli.options.KafkaClientOptions;
import io.elmkit.cli.Populations;
import io.elmkit.cli.live.LiveFeed;
import io.elmkit.cli.live.LiveTopology;
import io.elmkit.cli.live.LiveView;
import io.elmkit.cli.options.PopulationOptions;
import io.elmkit.cli.options.SpikeRuleOptions;
import io.elmkit.cli.options.StandardCommand;
import io.elmkit.io.events.EventsFile;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.pipeline.PipelineLog;
import io.elmkit.pipeline.TopicHeader;
import io.elmkit.sim.engine.SpikeEndpoints;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.network.Network;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code elmkit flink}: the ELM population job ({@link ElmPopulationJob}) on an embedded Flink
 * MiniCluster (or, submitted with {@code flink run}, on the cluster), from an events file or a
 * spike topic to an outputs file or an outputs topic, ending when every input stream has ended.
 */
@Command(name = "flink", resourceBundle = "io.elmkit.flink.FlinkHelpTexts")
public final class FlinkCommand extends StandardCommand implements Callable<Integer> {

    /** --model, --input, --output, --neurons, the spike rule and --serve, as run has them. */
    @Mixin PopulationOptions population;

    @Mixin KafkaClientOptions kafkaClient;

    /** Null: not given (1, or under {@code flink run} its {@code -p}). */
    @Option(names = "--parallelism", paramLabel = "P") Integer parallelism;

    @Option(names = "--checkpoint-ms", defaultValue = "1000", paramLabel = "MS") long checkpointMs;

    @Option(names = "--max-out-of-order-steps", defaultValue = "0", paramLabel = "K") long maxOutOfOrderSteps;

    @Option(names = "--from-savepoint", paramLabel = "PATH") String fromSavepoint;

    @Option(names = "--header-wait-s", defaultValue = "30", paramLabel = "S") long headerWaitS;

    @Option(names = "--feedback", paramLabel = "kafka://HOST:PORT/TOPIC") String feedback;

    @Option(names = "--log", paramLabel = "FILE") Path log;

    @Option(names = "--max-live-neurons", defaultValue = "0", paramLabel = "N") long maxLiveNeurons;

    /** Tests: a stage between the source and the populations (e.g. one that fails once); identity by default. */
    UnaryOperator<DataStream<InputStep>> inputStage = UnaryOperator.identity();
    /** Tests: called with the job once it is submitted (e.g. to stop it with a savepoint). */
    Consumer<JobClient> onSubmitted = job -> { };
    /** Tests: false keeps a MiniCluster's checkpoints in memory (the 5 MB limit), to make checkpoints fail. */
    boolean localCheckpointsOnDisk = true;

    @Override
    public Integer call() throws Exception {
        PipelineLog.use(log); // Flink's and Kafka's log to the file; its name in a failure's line
        ErrorLineSuffix.set(PipelineLog::where);
        return runServing();
    }

    private int runServing() throws Exception {
        // First, so that a port in use fails before any work (as for `elmkit run --serve`).
        LiveView live = population.liveView().startIfAsked(System.err);
        try {
            int code = run(live);
            if (live != null) {
                live.finish();
            }
            return code;
        } finally {
            if (live != null) {
                live.close();
            }
        }
    }

    private int run(LiveView live) throws Exception {
        PrintStream err = System.err;
        Path modelDir = population.model().dir();
        ElmModel model = population.model().load();
        SpikeRuleOptions spikeRule = population.spikeRule();
        Double spikeThreshold = spikeRule.threshold();
        int neurons = population.neurons().perStream();
        String input = population.input();
        String output = population.output();
        ElmPopulationJob.Options o = options(parallelism != null ? parallelism : 1); // the options checked before any work
        boolean kafkaIn = SpikeEndpoints.isUri(input);
        boolean kafkaOut = output != null && SpikeEndpoints.isUri(output);
        if (kafkaOut && checkpointMs <= 0) {
            throw new IllegalArgumentException("--checkpoint-ms 0: a Kafka output is written in transactions committed with"
                + " checkpoints; give an interval (e.g. 1000)");
        }
        if (output != null && !kafkaOut && !output.endsWith(".npz")) {
            throw new IllegalArgumentException("--output: expected an outputs .npz or kafka://HOST:PORT/TOPIC, found " + output);
        }

        // The input's shape, read on the client, checked against the model before anything starts.
        KafkaTopics.Address in = null;
        TopicHeader inHeader = null;
        EventsFile file = null;
        String fileIdentity = null;
        int streams;
        long steps;
        double dtMs;
        long[] labels;
        if (kafkaIn) {
            in = KafkaTopics.Address.parse("--input", SpikeEndpoints.parse("--input", input)).with(KafkaClientConfig.load(kafkaClient.file()));
            inHeader = KafkaTopics.readHeader(in, Duration.ofSeconds(headerWaitS));
            streams = inHeader.numStreams();
            steps = inHeader.numSteps();
            dtMs = inHeader.dtMs();
            labels = inHeader.labels();
            Populations.requireChannels(input, inHeader.numChannels(), model, modelDir);
        } else {
            fileIdentity = EventsFileSource.identity(Path.of(input)); // before the read: a later change is seen
            file = EventsFile.read(Path.of(input));
            Populations.requireChannels(input, file.numChannels, model, modelDir);
            streams = (int) file.numSamples();
            steps = file.numSteps;
            dtMs = file.dtMs;
            labels = file.labels;
        }

        Network network = population.connections().read(streams, neurons, model.numInput(), spikeThreshold != null);
        boolean crossStream = network != null && network.crossStreamCount() > 0;
        if (crossStream && feedback == null) {
            throw new IllegalArgumentException("--connections " + population.connections().file() + ": spikes between"
                + " streams travel through a Kafka topic: give --feedback kafka://HOST:PORT/TOPIC (created when absent)");
        }
        if (feedback != null && !crossStream) {
            throw new IllegalArgumentException("--feedback: only for --connections between streams (none given)");
        }

        Configuration conf = new Configuration();
        if (checkpointMs > 0) {
            // A bad record stays bad: a few restarts (for a lost task manager), then the job fails with its message.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        } else {
            // Without checkpoints a restart would begin again from the first step: fail instead.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        if (fromSavepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
            // The state that matters has fixed uids (source position, populations, Kafka sink); the sink
            // that hands results to the client has none to give (collectAsync), and a new client needs none.
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Path checkpointDir = null;
        if (checkpointMs > 0 && env instanceof LocalStreamEnvironment && localCheckpointsOnDisk) {
            // A MiniCluster keeps checkpoints in memory, which refuses a task's state over 5 MB (5,000 neurons'
            // state and the outputs on their way to the client pass it): on the local disk instead, in a
            // directory of this run's (Flink creates it at the first checkpoint; removed at the end).
            checkpointDir = Path.of(System.getProperty("java.io.tmpdir"), "elmkit-flink-checkpoints-"
                + java.util.UUID.randomUUID());
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        // Under flink run (a cluster's environment) -p, else the cluster's parallelism.default, stands for a
        // --parallelism not given, as for any job the cluster runs; on the MiniCluster it is 1.
        int tasks = parallelism != null ? parallelism : env instanceof LocalStreamEnvironment ? 1 : Math.max(1, env.getParallelism());
        if (tasks != o.parallelism()) {
            o = options(tasks);
        }
        env.setParallelism(tasks);
        // flink run -d: this client only submits the job (see below); what needs it to the end is refused first.
        boolean detached = !(env instanceof LocalStreamEnvironment) && !env.getConfiguration().get(DeploymentOptions.ATTACHED);
        if (detached && (live != null || (output != null && !kafkaOut))) {
            throw new IllegalArgumentException("flink run -d: " + (live != null ? "--serve" : "--output " + output)
                + " needs this client until the job ends; write the outputs to a topic (--output kafka://HOST:PORT/TOPIC)"
                + " or run without -d");
        }
        ElmPopulationJob.configure(env, o);
        DataStream<InputStep> source = kafkaIn ? ElmPopulationJob.kafkaSource(env, in, inHeader, o)
            : ElmPopulationJob.fileSource(env, Path.of(input), file, o);
        source = inputStage.apply(source);
        KafkaTopics.Address feedbackTopic = null;
        if (crossStream) {
            feedbackTopic = KafkaTopics.Address.parse("--feedback", SpikeEndpoints.parse("--feedback", feedback))
                .with(KafkaClientConfig.load(kafkaClient.file()));
            int partitions = KafkaTopics.ensureTopic(feedbackTopic, tasks);
            // From where the topic ends now: what is there already came from other runs.
            source = source.union(ElmPopulationJob.feedbackSource(env, feedbackTopic,
                KafkaTopics.endOffsets(feedbackTopic, partitions), streams, o));
        }
        SingleOutputStreamOperator<StepOutput> outputs = ElmPopulationJob.populations(source,
            new ModelPayload(model, modelDir.toString()), o, network, streams, kafkaIn);
        if (feedbackTopic != null) {
            ElmPopulationJob.feedbackSink(outputs, feedbackTopic, streams, o);
        }

        OutputsAssembler assembler = null;
        StepOutputBytes.FirstNeuronOutputs firstNeuron = null;
        CloseableIterator<StepOutput> delivered;
        if (output != null && !kafkaOut) {
            if (steps < 0) {
                throw new IllegalArgumentException("--output " + output + ": " + input + " is a live topic (num_steps unknown);"
                    + " write the outputs to a topic and `elmkit consume` it");
            }
            if (live == null) {
                // The .npz holds each stream's first neuron: only it travels, the others are compared in the job.
                assembler = new OutputsAssembler(streams, steps, model.numOutput(), 1);
                firstNeuron = new StepOutputBytes.FirstNeuronOutputs(outputs, "outputs-to-client");
                delivered = firstNeuron;
            } else { // the live view shows every neuron
                assembler = new OutputsAssembler(streams, steps, model.numOutput(), neurons);
                delivered = StepOutputBytes.collectAsync(outputs, "outputs-to-client");
            }
        } else {
            if (kafkaOut) {
                KafkaTopics.Address out = KafkaTopics.Address.parse("--output", SpikeEndpoints.parse("--output", output))
                    .with(KafkaClientConfig.load(kafkaClient.file()));
                int partitions = KafkaTopics.ensureTopic(out, tasks);
                KafkaTopics.writeHeader(out, new TopicHeader(TopicHeader.OUTPUTS, streams, model.numOutput(), dtMs, steps,
                    labels, Populations.title("flink", modelDir, input), neurons), partitions);
                ElmPopulationJob.kafkaSink(outputs, out, o);
            }
            // The live view needs every step's outputs on the client; without it, only the end markers travel.
            delivered = live != null ? StepOutputBytes.collectAsync(outputs, "outputs-to-client") : outputs.filter(StepOutput::isEnd).uid("stream-ends").name("stream ends").collectAsync();
        }

        err.printf(Locale.ROOT, "flink: %d streams x %d neurons of %s on %s, parallelism %d, %s%n", streams, neurons,
            modelDir.getFileName(), input, tasks, checkpointMs > 0 ? "checkpoints every " + checkpointMs + " ms"
                : "no checkpoints");
        LiveStepFeed view = null;
        TopicRaster raster = null;
        if (live != null) {
            int[][] ids = new int[streams][];
            for (int s = 0; s < streams; s++) {
                ids[s] = new int[neurons];
                for (int k = 0; k < neurons; k++) {
                    ids[s][k] = s * neurons + k;
                }
            }
            LiveTopology topology = LiveTopology.ofStreams(Populations.title("flink", modelDir, input), ids,
                model.numInput(), model.numOutput(), dtMs, false);
            LiveStepFeed[] feed = new LiveStepFeed[1];
            // Read on this thread after each step the feed hands on (no deadlines: a Flink job is not paced).
            LiveFeed recorder = live.watch(topology, () -> 0L, () -> feed[0].neuronSteps());
            if (in != null) {
                raster = new TopicRaster(recorder, in, streams); // the input events, read from the topic on this client
                recorder = raster;
            }
            feed[0] = new LiveStepFeed(recorder, streams, neurons, model.numOutput(), file);
            view = feed[0];
        }
        LiveStepFeed watched = view;
        // A Kafka source never ends by itself (the feedback topic neither): drained once every stream has ended.
        Path drainDir = kafkaIn || feedbackTopic != null ? Files.createTempDirectory("elmkit-flink-drain") : null;
        long started = System.nanoTime();
        JobExecutionResult result;
        long[] neuronSteps = new long[1];
        int ended;
        OutputsAssembler sink = assembler;
        // A MiniCluster's source takes the events read above instead of reading the file again.
        AutoCloseable lent = file != null ? EventsFileSource.share(fileIdentity, file) : () -> { };
        try (lent) {
            JobClient job = env.executeAsync(Populations.title("flink", modelDir, input));
            onSubmitted.accept(job);
            if (detached) {
                err.printf(Locale.ROOT, "flink run -d: job %s %s; `flink stop --savepointPath DIR %1$s` stops it with a savepoint"
                    + " to resume from (flink run -s)%n", job.getJobID(), drainDir == null ? "ends with the events file"
                        : "runs until stopped: once every stream has ended (`elmkit consume` of the outputs topic ends),"
                            + " `flink stop --drain --savepointPath DIR " + job.getJobID() + "` ends it");
                return 0;
            }
            try {
                ended = JobEnd.follow(job, delivered, streams, drainDir, out -> {
                    if (out.isEnd()) {
                        neuronSteps[0] += out.endSteps * neurons;
                        if (sink != null) {
                            sink.ended(out.endSteps);
                        }
                    } else if (sink != null) {
                        sink.accept(out);
                    }
                    if (watched != null) {
                        watched.accept(out);
                    }
                });
                if (watched != null) {
                    watched.end();
                }
                result = job.getJobExecutionResult().get();
            } catch (Exception e) {
                // The iterator reports a failing job in its own words ("Job restarted"); the job's cause says why.
                Exception cause = e;
                try {
                    job.getJobExecutionResult().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException failed) {
                    cause = failed;
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    job.cancel();
                }
                throw FlinkErrors.failure(cause);
            }
        } finally {
            if (raster != null) {
                raster.close();
            }
            if (drainDir != null) {
                deleteOwn(drainDir);
            }
            if (checkpointDir != null && Files.isDirectory(checkpointDir)) {
                deleteOwn(checkpointDir);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Long late = result.getAccumulatorResult(LateRecords.COUNT);
        if (late != null && late > 0) {
            List<String> first = result.getAccumulatorResult(LateRecords.FIRST);
            throw new IllegalStateException(input + ": " + late + " records arrived after their step was computed (first: "
                + first + "); they were not used: raise --max-out-of-order-steps or publish in step order");
        }
        double net = result.getNetRuntime() / 1e3;
        if (ended < streams) {
            // Stopped from outside (flink stop, a savepoint): resume with --from-savepoint or, on a cluster, flink run -s.
            err.printf(Locale.ROOT, "stopped after %d of %d streams ended (flink stop: resume from its savepoint with"
                + " --from-savepoint PATH, or flink run -s PATH)%s%n", ended, streams, assembler != null
                ? "; nothing written to " + output : "");
            return 0;
        }
        err.printf(Locale.ROOT, "done: %,d neuron-steps (%d streams x %d neurons) in %.3f s (job %.3f s): %,.0f neuron-steps/s%n",
            neuronSteps[0], streams, neurons, seconds, net, neuronSteps[0] / Math.max(net, 1e-9));
        if (assembler != null) {
            assembler.requireComplete();
            if (network == null) { // connections feed a stream's neurons differently
                Populations.requireCopiesAgree(firstNeuron != null ? firstNeuron.copyMismatches() : assembler.copyMismatches(),
                    "the kernels are");
            }
            boolean spikes = spikeThreshold != null;
            Populations.writeOutputs(Path.of(output), path -> sink.write(path, spikes), streams, sink.steps(),
                model.numOutput(), err);
        } else if (kafkaOut) {
            err.printf("wrote %s (exactly once: read it read_committed)%n", output);
        }
        return 0;
    }

    private ElmPopulationJob.Options options(int tasks) {
        Double spikeThreshold = population.spikeRule().threshold();
        return ElmPopulationJob.Options.builder().parallelism(tasks).neurons(population.neurons().perStream())
            .checkpointMs(checkpointMs).maxOutOfOrderSteps(maxOutOfOrderSteps)
            .spikeThreshold(spikeThreshold == null ? Double.NaN : spikeThreshold)
            .refractorySteps(population.spikeRule().refractorySteps()).maxLiveNeurons(maxLiveNeurons).build();
    }

    /** Removes the temporary directory this run made (its savepoint), never following links. */
    private static void deleteOwn(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** For `flink run` and a plain `java -cp`: the command alone. */
    public static void main(String[] args) {
        System.exit(alone(new FlinkCommand()).execute(args));
    }

    /** {@code command} as a command line of its own (without elmkit's), a failure one line on stderr. */
    static picocli.CommandLine alone(FlinkCommand command) {
        picocli.CommandLine cli = new picocli.CommandLine(command);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            String log = FlinkErrors.error(e) == null ? ErrorLineSuffix.get() : ""; // a JVM error keeps its own words
            line.getErr().println("flink: error: " + FlinkErrors.message(e) + log);
            return 1;
        });
        return cli;
    }
}
