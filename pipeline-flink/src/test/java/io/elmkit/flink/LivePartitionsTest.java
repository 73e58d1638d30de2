package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.OutputsCollector;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.pipeline.TopicHeader;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.ClassResource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic of two partitions whose streams end at different steps: partition 1 holds only stream 2,
 * which ends first, so partition 1's watermark (and the job's, the minimum) stays at stream 2's end
 * until every stream has ended. Stream 0's outputs past that end still come out live: a consumer of
 * the outputs topic sees them while stream 0's tail is not even published. Then the outputs equal
 * `run` on the topic bit for bit, at parallelism 1 and 2.
 */
class LivePartitionsTest {
    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    private static final int STREAMS = 3;
    private static final int CHANNELS = 32;
    /** Steps of each stream: 0 and 1 in partition 0, 2 (the shortest) alone in partition 1. */
    private static final long[] LENGTHS = {60, 45, 10};
    /** Steps published before the consumer must see stream 0's outputs of step {@link #SEEN}. */
    private static final long HELD = 40;
    /** Far past stream 2's end (the job's watermark stays below 10 until every stream has ended). */
    private static final long SEEN = 30;

    static EventsFile events;
    static Path model;
    @TempDir static Path tmp;

    @BeforeAll
    static void files() throws Exception {
        model = FlinkConnectionsTest.smallModel(tmp.resolve("model"));
        events = EventsFile.fromDense(PoissonRaster.dense(11, STREAMS, (int) LENGTHS[0], CHANNELS, 0.05, 1.0), STREAMS,
            (int) LENGTHS[0], CHANNELS, 1.0);
        for (int s = 0; s < STREAMS; s++) { // the default partitioner's murmur2 of the int32 key, as publish uses it
            int partition = Utils.toPositive(Utils.murmur2(ByteBuffer.allocate(4).putInt(s).array())) % 2;
            assertEquals(s == 2 ? 1 : 0, partition, "stream " + s + "'s partition: the layout this test needs");
        }
    }

    @Test
    void streamsOfOnePartitionComeOutLiveAfterTheOtherPartitionsStreamsEnded() throws Exception {
        for (int parallelism : new int[] {1, 2}) {
            String in = "live-in-" + parallelism;
            String out = "live-out-" + parallelism;
            try (SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), in, 2, false)) {
                w.header(new TopicHeader(TopicHeader.EVENTS, STREAMS, CHANNELS, events.dtMs, LENGTHS[0], null, "live"));
                publish(w, 0, HELD);
                String[] command = {"flink", "--model", model.toString(), "--input", kafka(in), "--output", kafka(out),
                    "--neurons", "2", "--spike-threshold", "0.5", "--parallelism", Integer.toString(parallelism),
                    "--checkpoint-ms", "100"};
                // Its own thread, not the common pool: on 2 CPUs that pool has one worker, which JDK 25's
                // CompletableFuture stages inside Flink's RPC also need (as KafkaFlinkTest).
                CompletableFuture<String[]> flink = new CompletableFuture<>();
                KafkaFlinkTest.startDaemon("live-partitions-flink-" + parallelism, () -> {
                    try {
                        flink.complete(FlinkCliErrorsTest.elmkit(command));
                    } catch (Throwable e) {
                        flink.completeExceptionally(e);
                    }
                });
                try {
                    awaitOutput(out, 0, SEEN, flink);
                } finally {
                    publish(w, HELD, LENGTHS[0]); // the tail only now (and so that the job ends when this failed)
                }
                String[] f = flink.get(3, TimeUnit.MINUTES);
                assertEquals("0", f[0], f[1]);
            }
            Path viaRun = tmp.resolve("run-" + parallelism + ".npz");
            String[] r = FlinkCliErrorsTest.elmkit("run", "--model", model.toString(), "--input", kafka(in), "--output",
                viaRun.toString(), "--neurons", "2", "--spike-threshold", "0.5");
            assertEquals("0", r[0], r[1]);
            Path consumed = tmp.resolve("flink-" + parallelism + ".npz");
            try (SpikeTopicReader reader = new SpikeTopicReader(BROKER.get().bootstrap(), out, 1024, Duration.ofSeconds(30))) {
                reader.header(Duration.ofSeconds(30));
                OutputsCollector.Result c = OutputsCollector.collect(reader, consumed, System.nanoTime() + 60_000_000_000L,
                    ProgressMeter.silent("records", -1), null);
                assertTrue(c.complete() && c.copyMismatches() == 0, c.toString());
            }
            assertSameBits(Npz.read(viaRun), Npz.read(consumed), "parallelism " + parallelism);
        }
    }

    /** Steps {@code from} .. {@code to - 1} of every stream still running, each stream's end after its last. */
    private static void publish(SpikeTopicWriter w, long from, long to) {
        StepBatch b = new StepBatch();
        for (long t = from; t < to; t++) {
            for (int s = 0; s < STREAMS; s++) {
                if (t >= LENGTHS[s]) {
                    continue;
                }
                b.reset(s, t);
                for (int e = 0; e < events.sample.length; e++) { // small file: a scan per batch
                    if (events.sample[e] == s && events.step[e] == t) {
                        b.add(events.channel[e], events.value[e]);
                    }
                }
                w.batch(b, false);
                if (t == LENGTHS[s] - 1) {
                    w.end(s, LENGTHS[s]);
                }
            }
        }
        w.flush();
    }

    /** Reads the committed outputs until one of {@code stream} at {@code step} or later; fails after a minute. */
    private static void awaitOutput(String topic, int stream, long step, CompletableFuture<String[]> flink)
        throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (SpikeTopicReader reader = new SpikeTopicReader(BROKER.get().bootstrap(), topic, 1024, Duration.ofSeconds(60))) {
            assertNotNull(reader.header(Duration.ofSeconds(60)));
            long latest = -1;
            while (System.nanoTime() < deadline) {
                assertTrue(!flink.isDone(), () -> "the job ended before its input did: " + flink.join()[1]);
                SpikeRecord r = reader.next(200_000_000L);
                if (r != null && r.kind() == SpikeRecord.Kind.BATCH && r.batch().streamId() == stream) {
                    latest = Math.max(latest, r.batch().step());
                    if (latest >= step) {
                        return;
                    }
                }
            }
            throw new AssertionError("stream " + stream + "'s outputs reached step " + latest + " in a minute, not " + step
                + ": not live while partition 1's only stream has ended");
        }
    }

    private static String kafka(String topic) {
        return "kafka://" + BROKER.get().bootstrap() + "/" + topic;
    }

    private static void assertSameBits(Map<String, NdArray> expected, Map<String, NdArray> got, String what) {
        assertArrayEquals(expected.get("output").shape(), got.get("output").shape(), what + ": output shape");
        float[] want = expected.get("output").toFloatArray();
        float[] have = got.get("output").toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(have[i]), what + ": output " + i);
        }
        assertArrayEquals(expected.get("spikes").toLongArray(), got.get("spikes").toLongArray(), what + ": spikes");
    }
}
