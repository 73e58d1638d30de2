package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.pipeline.KafkaClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's broker check, and the job's Kafka clients: elmkit's defaults where {@code --kafka-config} sets nothing, the file's values where it does. */
class KafkaClientSettingsTest {
    @TempDir
    Path tmp;

    private static final ElmPopulationJob.Options CHECKPOINTS_1S = ElmPopulationJob.Options.builder().checkpointMs(1000).build();

    @Test
    void withoutAFileTheDefaultsApply() {
        KafkaTopics.Address a = new KafkaTopics.Address("127.0.0.1:1", "t");
        assertEquals("10", ElmPopulationJob.consumerSettings(a).getProperty("fetch.max.wait.ms"));
        assertEquals("0", ElmPopulationJob.feedbackProducerSettings(a).getProperty("linger.ms"));
        assertEquals("60000", ElmPopulationJob.outputProducerSettings(a, CHECKPOINTS_1S).getProperty("transaction.timeout.ms"));
    }

    @Test
    void theFileWinsOverEveryDefault() throws Exception {
        Path file = tmp.resolve("client.properties");
        Files.writeString(file, "linger.ms=7\nfetch.max.wait.ms=250\ntransaction.timeout.ms=120000\nclient.id=mine\n");
        KafkaTopics.Address a = new KafkaTopics.Address("127.0.0.1:1", "t").with(KafkaClientConfig.load(file));
        Properties consumer = ElmPopulationJob.consumerSettings(a);
        assertEquals("250", consumer.getProperty("fetch.max.wait.ms"));
        assertEquals("mine", consumer.getProperty("client.id"));
        assertEquals("7", ElmPopulationJob.feedbackProducerSettings(a).getProperty("linger.ms"));
        assertEquals("120000", ElmPopulationJob.outputProducerSettings(a, CHECKPOINTS_1S).getProperty("transaction.timeout.ms"));
    }

    @Test
    void theHeaderReadFailsWithinTheConnectWaitWhenNoBrokerAnswers() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort(); // nothing listens there once closed
        }
        KafkaTopics.Address a = new KafkaTopics.Address("127.0.0.1:" + port, "nowhere");
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaTopics.readHeader(a, Duration.ofSeconds(120)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 30, seconds + " s to notice that no broker answers");
        assertTrue(e.getMessage().startsWith("no Kafka broker answered at 127.0.0.1:" + port + " within 5 s")
            && e.getMessage().contains("topic nowhere over PLAINTEXT"), e.getMessage());
    }
}
