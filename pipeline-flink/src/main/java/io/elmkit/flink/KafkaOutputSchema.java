package io.elmkit.flink;

import io.elmkit.io.event.StepBatch;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeRecordSerializer;
import java.nio.ByteBuffer;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@link StepOutput}s as an outputs spike topic (docs/formats.md, Spike topics): per (stream, step)
 * one batch of every neuron of the stream (channel j x num_output + k = output k of neuron j; record
 * header {@code elmkit.spike} naming the neurons that spiked), key = stream id; an end record after a
 * stream's last step.
 */
final class KafkaOutputSchema implements KafkaRecordSerializationSchema<StepOutput> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SpikeRecordSerializer serializer;
    private transient StepBatch batch;

    KafkaOutputSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(StepOutput o, KafkaSinkContext context, Long timestamp) {
        if (serializer == null) {
            serializer = new SpikeRecordSerializer();
            batch = new StepBatch();
        }
        RecordHeaders headers = new RecordHeaders();
        SpikeRecord record;
        if (o.isEnd()) {
            record = SpikeRecord.end(o.stream, o.endSteps);
        } else {
            batch.reset(o.stream, o.step);
            for (int i = 0; i < o.output.length; i++) {
                batch.add(i, o.output[i]);
            }
            record = SpikeRecord.batch(batch, o.spikes);
        }
        byte[] value = serializer.serialize(topic, headers, record);
        byte[] key = ByteBuffer.allocate(4).putInt(o.stream).array(); // IntegerSerializer: big-endian
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }
}
