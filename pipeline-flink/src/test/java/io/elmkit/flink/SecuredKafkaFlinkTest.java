package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.pipeline.BrokerListener;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.pipeline.SpikePublisher;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.testsupport.ClassResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job on a SASL/PLAIN-secured broker: {@code --kafka-config} reaches the client's own
 * calls, the KafkaSource and the exactly-once KafkaSink (transactions over SASL), and the committed
 * outputs equal predict; a wrong password fails the command in one line before any job starts.
 */
class SecuredKafkaFlinkTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> SASL = ClassResource.of(dir -> EmbeddedBroker.start(dir.resolve("data"), 0,
        BrokerListener.load(Files.write(dir.resolve("listener.properties"), List.of("security.protocol=SASL_PLAINTEXT",
            "sasl.plain.user.flink=flink-s3cret")))));

    @TempDir
    static Path tmp;

    static Path client(String name, String password) throws Exception {
        return Files.write(tmp.resolve(name), List.of("security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"flink\""
                + " password=\"" + password + "\";"));
    }

    @Test
    void kafkaInKafkaOutOverSaslEqualsPredictAndAWrongPasswordFailsInOneLine() throws Exception {
        Golden g = Golden.load("synthetic-plain");
        Path good = client("good.properties", "flink-s3cret");
        KafkaClientConfig config = KafkaClientConfig.load(good);
        String b = SASL.get().bootstrap();
        try (SpikeTopicWriter w = new SpikeTopicWriter(b, "in", 2, false, config)) {
            SpikePublisher.publish(new EventsFileInput(g.events, g.name), null, g.name, w, false,
                ProgressMeter.silent("steps", g.steps), null);
        }
        String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", "kafka://" + b + "/in",
            "--output", "kafka://" + b + "/out", "--parallelism", "2", "--checkpoint-ms", "100", "--kafka-config",
            good.toString());
        assertEquals("0", r[0], r[1]);
        int d = g.model.numOutput();
        float[] got = new float[g.streams * g.steps * d];
        int records = 0;
        try (SpikeTopicReader reader = new SpikeTopicReader(b, "out", 10_000, Duration.ofSeconds(30), config)) {
            reader.header(Duration.ofSeconds(30));
            while (!reader.allEnded()) {
                SpikeRecord x = reader.next(Duration.ofSeconds(30).toNanos());
                assertNotNull(x, "no record within 30 s");
                if (x.kind() == SpikeRecord.Kind.BATCH) {
                    StepBatch batch = x.batch();
                    for (int i = 0; i < batch.size(); i++) {
                        got[(int) ((batch.streamId() * g.steps + batch.step()) * d + batch.channel(i))] = batch.value(i);
                    }
                    records++;
                }
            }
        }
        assertEquals(g.streams * g.steps, records, "every (stream, step) once in the committed topic");
        assertArrayEquals(g.predicted, got, "flink over SASL vs predict");

        Path wrong = client("wrong.properties", "not-flink-s3cret");
        long start = System.nanoTime();
        String[] bad = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", "kafka://" + b + "/in",
            "--output", tmp.resolve("x.npz").toString(), "--kafka-config", wrong.toString());
        assertNotEquals("0", bad[0], bad[1]);
        assertTrue(bad[1].contains("refused the connection over SASL_PLAINTEXT") && bad[1].contains(wrong.toString()),
            bad[1]);
        assertFalse(bad[1].contains("not-flink-s3cret"), bad[1]);
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "no hang");
    }
}
