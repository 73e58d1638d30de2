package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.npy.Npz;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.SpikePublisher;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.pipeline.TopicHeader;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.OutputsCollector;
import io.elmkit.io.event.StepBatch;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.network.NetworkFile;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.ClassResource;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `elmkit flink --connections`: spikes between streams through a feedback topic on an in-process
 * broker give the outputs and spikes of `elmkit run --connections` bit for bit, at parallelism 1 2 and 4,
 * within streams without a topic, and after a task failure (restart from a checkpoint, feedback records sent again and de-duplicated).
 */
class FlinkConnectionsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    private static final int STREAMS = 3;
    private static final int STEPS = 50;

    @TempDir static Path tmp;
    static Path model, input, network;

    /** A small NeuronIO-shaped model (32 inputs, d_o 2), as cli's RunConnectionsTest has. */
    static Path smallModel(Path dir) throws Exception {
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(32, 2).numMemory(4).numBranch(4).numSynapsePerBranch(8)
            .build(), 3), dir);
        return dir;
    }

    @BeforeAll
    static void files() throws Exception {
        model = smallModel(tmp.resolve("model"));
        input = tmp.resolve("in.npz");
        EventsFile.fromDense(PoissonRaster.dense(7, STREAMS, STEPS, 32, 0.05, 1.0), STREAMS, STEPS, 32, 1.0).write(input);
        network = tmp.resolve("net.npz");
        // Across keys with delays 1 and 3, a cycle 0 <-> 1, within a key, and several sources reaching
        // neuron 0 of stream 0 at once (their summation order shows in its outputs).
        NetworkFile.write(network,
            new int[] {0, 1, 0, 2, 1, 0, 2, 1},   // from_stream
            new int[] {0, 1, 1, 0, 0, 0, 1, 0},   // from_neuron
            new int[] {1, 0, 0, 2, 2, 1, 0, 0},   // to_stream
            new int[] {0, 0, 0, 1, 0, 0, 0, 0},   // to_neuron
            new int[] {5, 6, 7, 3, 5, 5, 6, 6},   // channel
            new float[] {2f, -1.5f, 1f, 0.7f, 1.2f, 0.5f, 0.8f, 0.9f},
            new int[] {1, 3, 1, 3, 3, 3, 1, 1});  // delay_steps
    }

    private static String[] elmkit(String... args) {
        return FlinkCliErrorsTest.elmkit(args);
    }

    private static String[] spiking(String command, Path out, String... extra) {
        String[] base = {command, "--model", model.toString(), "--input", input.toString(), "--output", out.toString(),
            "--neurons", "2", "--spike-threshold", "0.5", "--refractory-steps", "2"};
        return elmkit(concat(base, extra));
    }

    /** Spikes of neuron {@code neuron} of {@code stream} in a (sample, step, copy) spikes array. */
    private static int spikesOf(long[] rows, int stream, int neuron) {
        int n = 0;
        for (int i = 0; i < rows.length; i += 3) {
            n += rows[i] == stream && rows[i + 2] == neuron ? 1 : 0;
        }
        return n;
    }

    @Test
    void flinkWithConnectionsEqualsRunBitForBit() throws Exception {
        Path plain = tmp.resolve("plain.npz");
        String[] p = spiking("run", plain);
        assertEquals("0", p[0], p[1]);
        Path viaRun = tmp.resolve("run.npz");
        String[] r = spiking("run", viaRun, "--connections", network.toString());
        assertEquals("0", r[0], r[1]);
        Map<String, NdArray> expected = Npz.read(viaRun);
        long[] spikes = expected.get("spikes").toLongArray();
        // The sources of the connections between streams fire, so spikes cross keys.
        int crossing = spikesOf(spikes, 0, 0) + spikesOf(spikes, 1, 1) + spikesOf(spikes, 1, 0) + spikesOf(spikes, 2, 1);
        assertTrue(spikesOf(spikes, 0, 0) > 0 && spikesOf(spikes, 1, 1) > 0 && spikesOf(spikes, 2, 1) > 0,
            "sources must spike: " + crossing);
        assertFalse(java.util.Arrays.equals(expected.get("output").toFloatArray(), Npz.read(plain).get("output")
            .toFloatArray()), "the connections changed nothing");

        for (int parallelism : new int[] {1, 2, 4}) {
            Path viaFlink = tmp.resolve("flink" + parallelism + ".npz");
            String[] f = spiking("flink", viaFlink, "--connections", network.toString(), "--feedback",
                feedbackTopic("feedback-" + parallelism), "--parallelism", Integer.toString(parallelism),
                "--checkpoint-ms", "200");
            assertEquals("0", f[0], f[1]);
            assertSame(expected, viaFlink, "parallelism " + parallelism);
        }
    }

    /**
     * The order in which one step's arrivals are summed shows in the bits: +1e12 (stream 0), 0.5 (the
     * target's own stream) and -1e12 (stream 2) on one channel, summed in the engine's order (by
     * source stream), leave 0.5 rounded to the grid of 1e12; +1e12 - 1e12 first would leave 0.5
     * exactly. Threshold 0 makes every neuron fire whenever not refractory, so the three always
     * arrive together (and the large terms always cancel).
     */
    @Test
    void arrivalsAreSummedInTheEnginesOrder() throws Exception {
        Path cancelling = tmp.resolve("cancelling.npz");
        NetworkFile.write(cancelling, new int[] {0, 1, 2}, new int[] {0, 1, 0}, new int[] {1, 1, 1}, new int[] {0, 0, 0},
            new int[] {5, 5, 5}, new float[] {1e12f, 0.5f, -1e12f}, new int[] {1, 1, 1});
        String[] common = {"--model", model.toString(), "--input", input.toString(), "--neurons", "2",
            "--spike-threshold", "0", "--refractory-steps", "1", "--connections", cancelling.toString()};
        Path viaRun = tmp.resolve("run-order.npz");
        String[] r = elmkit(concat(new String[] {"run", "--output", viaRun.toString()}, common));
        assertEquals("0", r[0], r[1]);
        Path viaFlink = tmp.resolve("flink-order.npz");
        String[] f = elmkit(concat(new String[] {"flink", "--output", viaFlink.toString(), "--feedback",
            feedbackTopic("feedback-order"), "--parallelism", "2", "--checkpoint-ms", "200"}, common));
        assertEquals("0", f[0], f[1]);
        assertSame(Npz.read(viaRun), viaFlink, "cancelling arrivals");
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void aFailureAfterACheckpointGivesTheSameOutputs() throws Exception {
        Path viaRun = tmp.resolve("run-fault.npz");
        String[] r = spiking("run", viaRun, "--connections", network.toString());
        assertEquals("0", r[0], r[1]);
        KafkaFlinkTest.Throttle.FAILED.set(false);
        Path viaFlink = tmp.resolve("flink-fault.npz");
        String[] f = FlinkRun.of(KafkaFlinkTest.throttled(3000, true), "--model", model.toString(), "--input",
            input.toString(), "--output", viaFlink.toString(), "--neurons", "2", "--spike-threshold", "0.5",
            "--refractory-steps", "2", "--connections", network.toString(), "--feedback", feedbackTopic("feedback-fault"),
            "--parallelism", "2", "--checkpoint-ms", "100");
        assertEquals("0", f[0], f[1]);
        assertTrue(KafkaFlinkTest.Throttle.FAILED.get(), "the task did not fail: the test proves nothing");
        assertSame(Npz.read(viaRun), viaFlink, "after a restart");
    }

    /** The same network with the input read from a spike topic (the client drains the job at the streams' ends). */
    @Test
    void kafkaInputWithConnectionsEqualsRun() throws Exception {
        Path viaRun = tmp.resolve("run-kafka-in.npz");
        String[] r = spiking("run", viaRun, "--connections", network.toString());
        assertEquals("0", r[0], r[1]);
        try (SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), "connections-in", 2, false)) {
            SpikePublisher.publish(new EventsFileInput(EventsFile.read(input), "in.npz"), null, "in.npz", w, false,
                ProgressMeter.silent("steps", STEPS), null);
        }
        Path viaFlink = tmp.resolve("flink-kafka-in.npz");
        String[] f = elmkit("flink", "--model", model.toString(), "--input", feedbackTopic("connections-in"), "--output",
            viaFlink.toString(), "--neurons", "2", "--spike-threshold", "0.5", "--refractory-steps", "2", "--connections",
            network.toString(), "--feedback", feedbackTopic("feedback-kafka-in"), "--parallelism", "2");
        assertEquals("0", f[0], f[1]);
        assertSame(Npz.read(viaRun), viaFlink, "Kafka input");
    }

    /**
     * Streams of different lengths on a topic (stream 1 ends after 30 steps, 2 after 40, 0 after 50):
     * `run` steps every neuron until the last stream ends, writing every stream's outputs and spikes
     * for every step (an ended stream's neurons get no input events, but still the spikes of the
     * connections, and still send theirs). Across the ends both ways: 1 -> 0 and 2 -> 0 feed the
     * longest stream from shorter ones, 0 -> 1 and 0 -> 2 the reverse. The Flink job gives the same
     * bits at parallelism 1, 2 and 4, and ends (the client drains it once every stream has ended).
     */
    @Test
    void streamsOfDifferentLengthsOnATopicEqualRun() throws Exception {
        publishUnequal("unequal-in", 2, STEPS);
        Map<String, NdArray> expected = Npz.read(runUnequal("unequal-in", "run-unequal.npz", "--connections",
            network.toString()));
        assertArrayEquals(new int[] {STREAMS, STEPS, 2}, expected.get("output").shape(), "run writes every stream to the last end");
        long[] spikes = expected.get("spikes").toLongArray();
        int afterEnd = 0;
        for (int i = 0; i < spikes.length; i += 3) {
            afterEnd += spikes[i + 1] >= UNEQUAL_STEPS[(int) spikes[i]] ? 1 : 0;
        }
        assertTrue(afterEnd > 0, "no neuron of an ended stream spiked after its end: the test proves nothing");
        for (int parallelism : new int[] {1, 2, 4}) {
            Path viaFlink = tmp.resolve("flink-unequal" + parallelism + ".npz");
            String[] f = elmkit("flink", "--model", model.toString(), "--input", feedbackTopic("unequal-in"), "--output",
                viaFlink.toString(), "--neurons", "2", "--spike-threshold", "0.5", "--refractory-steps", "2",
                "--connections", network.toString(), "--feedback", feedbackTopic("feedback-unequal-" + parallelism),
                "--parallelism", Integer.toString(parallelism), "--checkpoint-ms", "200");
            assertEquals("0", f[0], f[1]);
            assertSame(expected, viaFlink, "streams of different lengths, parallelism " + parallelism);
        }
        // Without connections too: an ended stream's neurons go on without input until the last end.
        Path alone = runUnequal("unequal-in", "run-unequal-alone.npz");
        Path aloneFlink = tmp.resolve("flink-unequal-alone.npz");
        String[] f = elmkit("flink", "--model", model.toString(), "--input", feedbackTopic("unequal-in"), "--output",
            aloneFlink.toString(), "--neurons", "2", "--spike-threshold", "0.5", "--parallelism", "2");
        assertEquals("0", f[0], f[1]);
        assertSame(Npz.read(alone), aloneFlink, "streams of different lengths without connections");
    }

    /**
     * The same after a task failure once a checkpoint holds stream 1 ended and the others running (one
     * partition, throttled; its end is the 91st record): the keys' known ends come back from the checkpoint.
     */
    @Test
    void streamsOfDifferentLengthsGoOnFromACheckpoint() throws Exception {
        publishUnequal("unequal-fault-in", 1, STEPS + 10); // all end before the header's num_steps: run writes 50 steps
        Path viaRun = runUnequal("unequal-fault-in", "run-unequal-fault.npz", "--connections", network.toString());
        assertArrayEquals(new int[] {STREAMS, STEPS, 2}, Npz.read(viaRun).get("output").shape(), "run stops at the last end");
        Path viaFlink = tmp.resolve("flink-unequal-fault.npz");
        flinkWithAFailure("unequal-fault-in", viaFlink.toString(), "--connections", network.toString(), "--feedback",
            feedbackTopic("feedback-unequal-fault"));
        assertSame(Npz.read(viaRun), viaFlink, "streams of different lengths after a restart");
    }

    /**
     * Into an outputs topic (exactly once, Kafka transactions) with a task failure after the first end,
     * without connections: every stream's outputs to the last end, once, as `run` writes them.
     */
    @Test
    void streamsOfDifferentLengthsIntoAnOutputsTopicAfterARestart() throws Exception {
        publishUnequal("unequal-out-in", 1, STEPS);
        Path viaRun = runUnequal("unequal-out-in", "run-unequal-out.npz");
        flinkWithAFailure("unequal-out-in", feedbackTopic("unequal-out"));
        Path consumed = tmp.resolve("consumed-unequal-out.npz");
        try (SpikeTopicReader reader = new SpikeTopicReader(BROKER.get().bootstrap(), "unequal-out", 1024,
            java.time.Duration.ofSeconds(30))) { // read_committed: what `elmkit consume` reads
            reader.header(java.time.Duration.ofSeconds(30));
            OutputsCollector.Result c = OutputsCollector.collect(reader, consumed, System.nanoTime() + 60_000_000_000L,
                ProgressMeter.silent("records", -1), null);
            assertTrue(c.complete() && c.copyMismatches() == 0, c.toString());
        }
        assertSame(Npz.read(viaRun), consumed, "an outputs topic after a restart");
    }

    /** `run` on {@code topic} (2 neurons, threshold 0.5, 2 refractory steps, then {@code extra}) into tmp/{@code name}. */
    private static Path runUnequal(String topic, String name, String... extra) {
        Path out = tmp.resolve(name);
        String[] r = elmkit(concat(new String[] {"run", "--model", model.toString(), "--input", feedbackTopic(topic),
            "--output", out.toString(), "--neurons", "2", "--spike-threshold", "0.5", "--refractory-steps", "2"}, extra));
        assertEquals("0", r[0], r[1]);
        return out;
    }

    /**
     * `flink` on {@code topic} as {@link #runUnequal} (parallelism 2, checkpoints every 100 ms), throttled,
     * its task failing once after a checkpoint taken past the 95th record (stream 1 ended, the others running).
     */
    private static void flinkWithAFailure(String topic, String output, String... extra) {
        KafkaFlinkTest.Throttle.FAILED.set(false);
        KafkaFlinkTest.Throttle.PASSED.set(0);
        String[] f = FlinkRun.of(KafkaFlinkTest.throttled(10_000, true, 95), concat(new String[] {"--model",
            model.toString(), "--input", feedbackTopic(topic), "--output", output, "--neurons", "2", "--spike-threshold",
            "0.5", "--refractory-steps", "2", "--parallelism", "2", "--checkpoint-ms", "100"}, extra));
        assertEquals("0", f[0], f[1]);
        assertTrue(KafkaFlinkTest.Throttle.FAILED.get(), "the task did not fail: the test proves nothing");
    }

    /** Steps of each stream on the unequal topic. */
    private static final long[] UNEQUAL_STEPS = {STEPS, 30, 40};

    /**
     * The events file's streams cut at {@link #UNEQUAL_STEPS} onto a topic, as a live producer writes
     * them: step after step, every stream's batch (empty ones too), a stream's end record after its last;
     * {@code headerSteps} in the header (at least the longest).
     */
    private static void publishUnequal(String topic, int partitions, long headerSteps) throws Exception {
        EventsFile events = EventsFile.read(input);
        try (SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), topic, partitions, false)) {
            w.header(new TopicHeader(TopicHeader.EVENTS, STREAMS, 32, events.dtMs, headerSteps, null, "unequal"));
            StepBatch b = new StepBatch();
            int i = 0;
            for (long t = 0; t < STEPS; t++) {
                for (int s = 0; s < STREAMS; s++) {
                    b.reset(s, t);
                    for (int e = 0; e < events.sample.length; e++) { // small file: a scan per batch
                        if (events.sample[e] == s && events.step[e] == t) {
                            b.add(events.channel[e], events.value[e]);
                        }
                    }
                    if (t < UNEQUAL_STEPS[s]) {
                        w.batch(b, false);
                        i += b.size();
                    }
                    if (t == UNEQUAL_STEPS[s] - 1) {
                        w.end(s, UNEQUAL_STEPS[s]);
                    }
                }
            }
            w.flush();
            assertTrue(i > 0, "no events");
        }
    }

    private static String feedbackTopic(String name) {
        return "kafka://" + BROKER.get().bootstrap() + "/" + name;
    }

    /** The outputs and spikes of {@code viaFlink} equal {@code expected}'s bit for bit. */
    private static void assertSame(Map<String, NdArray> expected, Path viaFlink, String what) throws Exception {
        Map<String, NdArray> got = Npz.read(viaFlink);
        float[] want = expected.get("output").toFloatArray();
        float[] have = got.get("output").toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(have[i]), what + ": output " + i
                + " (stream " + i / (2 * STEPS) + ", step " + i / 2 % STEPS + ")");
        }
        assertArrayEquals(expected.get("spikes").toLongArray(), got.get("spikes").toLongArray(), what + ": spikes");
    }

    @Test
    void connectionsWithinStreamsNeedNoTopic() throws Exception {
        Path local = tmp.resolve("local.npz");
        NetworkFile.write(local, new int[] {0, 2, 2}, new int[] {1, 0, 1}, new int[] {0, 2, 2}, new int[] {0, 1, 0},
            new int[] {7, 3, 4}, new float[] {1f, 0.7f, -2f}, new int[] {1, 3, 2});
        Path viaRun = tmp.resolve("run-local.npz");
        String[] r = spiking("run", viaRun, "--connections", local.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("connections: 3 (0 between streams)"), r[1]);
        Path plain = tmp.resolve("plain-local.npz");
        assertEquals("0", spiking("run", plain)[0]);
        assertFalse(java.util.Arrays.equals(Npz.read(viaRun).get("output").toFloatArray(), Npz.read(plain).get("output")
            .toFloatArray()), "the connections changed nothing");
        Path viaFlink = tmp.resolve("flink-local.npz");
        String[] f = spiking("flink", viaFlink, "--connections", local.toString(), "--parallelism", "2");
        assertEquals("0", f[0], f[1]);
        assertSame(Npz.read(viaRun), viaFlink, "connections within streams");
    }

    @Test
    void connectionsBetweenStreamsNeedAFeedbackTopic() {
        String[] f = spiking("flink", tmp.resolve("never.npz"), "--connections", network.toString());
        FlinkCliErrorsTest.assertOneLineError(f, "--feedback kafka://HOST:PORT/TOPIC");
    }
}
