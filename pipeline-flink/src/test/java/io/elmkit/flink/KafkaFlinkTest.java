package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.SpikePublisher;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * `elmkit flink` from a spike topic to an outputs topic on a real in-process Kafka broker: equal to
 * predict; exactly once (read_committed) through a failure after a checkpoint; a savepoint taken at
 * parallelism 2 resumed at 3 gives the same outputs.
 */
class KafkaFlinkTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    @BeforeAll
    static void publishEveryInput() throws Exception {
        // Every input topic is written before any job runs (one partition of a topic created while the
        // jobs' transactional producers were busy once stalled for two minutes in a loaded full build).
        for (String name : ReferenceData.goldenElmCases()) {
            if (ReferenceData.available("golden/elm/" + name)) {
                publish(Golden.load(name), "in-" + name);
            }
        }
    }

    static void publish(Golden g, String topic) {
        publish(g, BROKER.get().bootstrap(), topic);
    }

    /** Publishes the golden input's events as {@code topic} on the broker at {@code bootstrap}. */
    static void publish(Golden g, String bootstrap, String topic) {
        publish(g, bootstrap, topic, 2);
    }

    /**
     * The same into {@code partitions} partitions. One partition holds the steps in order across the
     * streams, so the watermark advances with the records read (with two, one partition's records may
     * all come before the other's and no step is computed until then).
     */
    static void publish(Golden g, String bootstrap, String topic, int partitions) {
        try (SpikeTopicWriter w = new SpikeTopicWriter(bootstrap, topic, partitions, false)) {
            SpikePublisher.publish(new EventsFileInput(g.events, g.name), null, g.name, w, false,
                ProgressMeter.silent("steps", g.steps), null);
        }
    }

    static String kafka(String topic) {
        return "kafka://" + BROKER.get().bootstrap() + "/" + topic;
    }

    /**
     * The committed outputs topic (read_committed): every (stream, neuron, step) exactly once, each of
     * the {@code neurons} neurons of a stream equal to predict bit for bit.
     */
    static void assertOutputs(Golden g, String topic, int neurons) throws Exception {
        int d = g.model.numOutput();
        float[][] got = new float[neurons][g.streams * g.steps * d];
        int[] seen = new int[g.streams * g.steps * neurons];
        try (SpikeTopicReader r = new SpikeTopicReader(BROKER.get().bootstrap(), topic, 10_000, Duration.ofSeconds(30))) {
            assertEquals(g.streams, r.header(Duration.ofSeconds(30)).numStreams());
            assertEquals(neurons, r.header().neurons(), topic + ": neurons per stream in the header");
            while (!r.allEnded()) {
                SpikeRecord x = r.next(Duration.ofSeconds(30).toNanos());
                assertNotNull(x, topic + ": no record within 30 s, " + r.endedCount() + " streams ended");
                if (x.kind() != SpikeRecord.Kind.BATCH) {
                    continue;
                }
                StepBatch b = x.batch();
                int cell = (int) (b.streamId() * g.steps + b.step());
                for (int i = 0; i < b.size(); i++) {
                    int neuron = b.channel(i) / d;
                    assertTrue(neuron < neurons, topic + ": channel " + b.channel(i) + " beyond " + neurons + " neurons");
                    if (b.channel(i) % d == 0 && seen[cell * neurons + neuron]++ > 0) {
                        fail(topic + ": (stream " + b.streamId() + ", neuron " + neuron + ", step " + b.step()
                            + ") delivered twice");
                    }
                    got[neuron][cell * d + b.channel(i) % d] = b.value(i);
                }
            }
        }
        for (int i = 0; i < seen.length; i++) {
            int cell = i / neurons;
            assertEquals(1, seen[i], topic + ": (stream " + cell / g.steps + ", neuron " + i % neurons + ", step "
                + cell % g.steps + ") missing");
        }
        for (int k = 0; k < neurons; k++) {
            assertArrayEquals(g.predicted, got[k], topic + ": neuron " + k + " of every stream vs predict");
        }
    }

    @GoldenElmCases
    void kafkaInKafkaOutEqualsPredict(String name) throws Exception {
        Golden g = Golden.load(name);
        for (int p : new int[] {1, 2, 4}) {
            String out = "out-" + name + "-" + p;
            String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", kafka("in-" + name),
                "--output", kafka(out), "--parallelism", Integer.toString(p), "--neurons", "3", "--checkpoint-ms", "100");
            assertEquals("0", r[0], r[1]);
            assertOutputs(g, out, 3);
        }
    }

    /**
     * Passes records on, slowly (so checkpoints and stops fall in the middle), failing once after a
     * checkpoint when told: the first checkpoint completed once {@code failAfterRecords} records had passed.
     */
    static final class Throttle extends RichMapFunction<InputStep, InputStep> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong PASSED = new AtomicLong();
        private final long sleepMicros;
        private final boolean failOnce;
        private final long failAfterRecords;
        private transient boolean checkpointed;

        Throttle(long sleepMicros, boolean failOnce, long failAfterRecords) {
            this.sleepMicros = sleepMicros;
            this.failOnce = failOnce;
            this.failAfterRecords = failAfterRecords;
        }

        @Override
        public void open(OpenContext context) {
            checkpointed = false;
        }

        @Override
        public InputStep map(InputStep r) throws Exception {
            if (sleepMicros > 0) {
                Thread.sleep(sleepMicros / 1000, (int) (sleepMicros % 1000) * 1000);
            }
            PASSED.incrementAndGet();
            if (failOnce && checkpointed && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("test: the task fails once, after a checkpoint");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed |= PASSED.get() >= failAfterRecords;
        }
    }

    static FlinkCommand throttled(long sleepMicros, boolean failOnce) {
        return throttled(sleepMicros, failOnce, 0);
    }

    static FlinkCommand throttled(long sleepMicros, boolean failOnce, long failAfterRecords) {
        FlinkCommand c = new FlinkCommand();
        c.inputStage = s -> s.map(new Throttle(sleepMicros, failOnce, failAfterRecords)).uid("test-throttle")
            .setParallelism(1);
        return c;
    }

    /** Runs {@code work} on a daemon thread of its own (never on the common pool, which Flink's RPC needs). */
    static void startDaemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * A failure once a checkpoint holds every key in the middle of its stream (one partition: half the
     * records read is about half the steps computed): the keys go on from the neurons' state in the
     * checkpoint (written there from their live steppers, PopulationOperator), so the committed topic
     * still equals predict, each output once.
     */
    @ParameterizedTest(name = "--max-live-neurons {0}")
    @ValueSource(strings = {"0", "3"}) // 3: one stream's neurons live per task, the others written back and reloaded
    void aFailureInTheMiddleOfTheStreamsGoesOnFromTheCheckpointedNeurons(String maxLiveNeurons) throws Exception {
        Golden g = Golden.load("synthetic-branch");
        publish(g, BROKER.get().bootstrap(), "middle-in-" + maxLiveNeurons, 1);
        Throttle.FAILED.set(false);
        Throttle.PASSED.set(0);
        String[] r = FlinkRun.of(throttled(1000, true, g.streams * (long) g.steps / 2), "--model", g.dir.toString(),
            "--input", kafka("middle-in-" + maxLiveNeurons), "--output", kafka("middle-out-" + maxLiveNeurons),
            "--parallelism", "2", "--neurons", "3", "--checkpoint-ms", "100", "--max-live-neurons", maxLiveNeurons);
        assertEquals("0", r[0], r[1]);
        assertTrue(Throttle.FAILED.get(), "the task did not fail: the test proves nothing");
        assertOutputs(g, "middle-out-" + maxLiveNeurons, 3);
    }

    @Test
    void aFailureAfterACheckpointRestartsFromItAndOutputsStayExactlyOnce() throws Exception {
        Golden g = Golden.load("synthetic-plain");
        publish(g, "fault-in");
        Throttle.FAILED.set(false);
        String[] r = FlinkRun.of(throttled(1000, true), "--model", g.dir.toString(), "--input", kafka("fault-in"),
            "--output", kafka("fault-out"), "--parallelism", "2", "--neurons", "3", "--checkpoint-ms", "100");
        assertEquals("0", r[0], r[1]);
        assertTrue(Throttle.FAILED.get(), "the task did not fail: the test proves nothing");
        assertOutputs(g, "fault-out", 3);
    }

    @ParameterizedTest(name = "--max-live-neurons {0}")
    @ValueSource(strings = {"0", "3"}) // 3: one stream's neurons live per task, the others written back and reloaded
    void aSavepointAtParallelismTwoResumedAtThreeGivesTheSameOutputs(String maxLive, @TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-branch");
        publish(g, BROKER.get().bootstrap(), "rescale-in-" + maxLive, 1); // the savepoint then falls in the middle of the streams
        // Completed by the stopper once the savepoint is written: the client may see the stopped job end first.
        CompletableFuture<String> savepoint = new CompletableFuture<>();
        FlinkCommand first = throttled(1000, false);
        Throttle.PASSED.set(0);
        // Its own thread, not CompletableFuture.runAsync: from JDK 25 that runs on the common pool even where its
        // parallelism is 1 (2 CPUs), and this loop's sleeps would hold its only worker, which Flink's RPC needs
        // to start the job (Pekko's ask answers through Scala's CompletableFuture, whose thenApply is async): the
        // job never started, the loop never ended and the client polled forever.
        first.onSubmitted = job -> startDaemon("savepoint-stopper", () -> {
            try {
                // About a third of the input through, then stop with a savepoint (without draining).
                while (Throttle.PASSED.get() < 600) {
                    Thread.sleep(5);
                }
                savepoint.complete(job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get());
            } catch (Exception e) {
                savepoint.complete("failed: " + e);
            }
        });
        String[] r = FlinkRun.of(first, "--model", g.dir.toString(), "--input", kafka("rescale-in-" + maxLive), "--output",
            kafka("rescale-out-" + maxLive), "--parallelism", "2", "--neurons", "3", "--checkpoint-ms", "100", "--max-live-neurons", maxLive);
        assertEquals("0", r[0], r[1]);
        String path = savepoint.get(60, TimeUnit.SECONDS);
        assertTrue(r[1].contains("stopped after"), "the job ended before the savepoint (" + path + "): " + r[1]);
        assertTrue(Files.exists(Path.of(java.net.URI.create(path))), path);
        String[] resumed = FlinkRun.of(throttled(0, false), "--model", g.dir.toString(), "--input", kafka("rescale-in-" + maxLive),
            "--output", kafka("rescale-out-" + maxLive), "--parallelism", "3", "--neurons", "3", "--checkpoint-ms", "100",
            "--from-savepoint", path, "--max-live-neurons", maxLive);
        assertEquals("0", resumed[0], resumed[1]);
        assertOutputs(g, "rescale-out-" + maxLive, 3);
    }

    @Test
    void aRecordThatBreaksTheFormatFailsTheRunNamingIt() throws Exception {
        Golden g = Golden.load("synthetic-plain");
        int channels = g.model.numInput();
        try (SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), "bad-in", 1, false)) {
            w.header(new io.elmkit.pipeline.TopicHeader(io.elmkit.pipeline.TopicHeader.EVENTS, 1, channels, 1.0, 3, null, "test"));
            w.batch(new StepBatch().reset(0, 0).add(1, 1f), false);
            w.batch(new StepBatch().reset(0, 1).add(channels + 7, 1f), false);
            w.end(0, 3);
            w.flush();
        }
        String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", kafka("bad-in"), "--checkpoint-ms", "0");
        assertEquals("1", r[0], r[1]);
        String last = r[1].lines().filter(l -> l.startsWith("flink: error: ")).findFirst().orElse(r[1]);
        assertTrue(last.contains("bad-in") && last.contains("offset 2") && last.contains("channel")
            && last.contains(Integer.toString(channels + 7)), last);
    }
}
