package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.SpikeEndpoints;
import io.elmkit.sim.engine.SpikeInput;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * {@code kafka://HOST:PORT/TOPIC} for {@code elmkit run}: a spike topic as input, an outputs topic as
 * output. Settings as system properties (ELMKIT_JAVA_OPTS): {@code elmkit.kafka.wait-s} (seconds to
 * wait for an input topic and its header, default 60; a missing topic is waited for, since a publisher
 * may create it after run starts, with one line on stderr saying so), {@code elmkit.kafka.connect-s} (seconds to wait
 * for a broker to answer at all, default 5: {@link KafkaBrokers}), {@code elmkit.kafka.queue} (records held in
 * memory before the consumer pauses, default 8192), {@code elmkit.kafka.partitions} (of an outputs
 * topic created by run, default 4). A secured cluster: {@code kafka://HOST:PORT/TOPIC?config=FILE}
 * ({@code run --kafka-config FILE} adds it), Kafka client settings read by {@link KafkaClientConfig}.
 */
public final class KafkaEndpoints implements SpikeEndpoints {
    @Override
    public String scheme() {
        return "kafka";
    }

    /** {@code "; log: FILE"} when Kafka's clients logged anything in this run (PipelineLog), else nothing. */
    @Override
    public String errorLineNote() {
        return PipelineLog.where();
    }

    @Override
    public SpikeInput input(URI uri) throws IOException {
        Duration topicWait = Duration.ofSeconds(SystemSetting.get("elmkit.kafka.wait-s", 60, 1, 86_400));
        int queueRecords = (int) SystemSetting.get("elmkit.kafka.queue", 8192, 1, 1 << 24);
        return new KafkaSpikeInput(KafkaUri.parse("--input", uri), topicWait, queueRecords,
            KafkaClientConfig.fromUri("--input", uri),
            notice -> System.err.println(notice + " (-Delmkit.kafka.wait-s=N sets the wait)"));
    }

    @Override
    public OutputSink output(URI uri, OutputTarget target) {
        KafkaClientConfig client;
        try {
            client = KafkaClientConfig.fromUri("--output", uri);
        } catch (InputFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int partitions = (int) SystemSetting.get("elmkit.kafka.partitions", 4, 1, 10_000);
        return new KafkaOutputSink(KafkaUri.parse("--output", uri), target, partitions, true, client);
    }
}
