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
 * one batch of the stream's first neuron (channel = output index; record header {@code elmkit.spike}
 * when it spiked), key = stream id; an end record after a stream's last step. The stream's other
 * neurons must equal the first bit for bit (they are copies): a difference fails the job.
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
            int d = o.numOutput;
            for (int k = 1; k < o.neurons(); k++) {
                for (int j = 0; j < d; j++) {
                    if (Float.floatToRawIntBits(o.output[k * d + j]) != Float.floatToRawIntBits(o.output[j])) {
                        throw new IllegalStateException(o + ": neuron " + k + "'s output " + j + " differs from neuron 0's: the"
                            + " kernels are not deterministic here; please report it");
                    }
                }
            }
            batch.reset(o.stream, o.step);
            for (int j = 0; j < d; j++) {
                batch.add(j, o.output[j]);
            }
            record = SpikeRecord.batch(batch, o.spikes.length > 0 && o.spikes[0] == 0);
        }
        byte[] value = serializer.serialize(topic, headers, record);
        byte[] key = ByteBuffer.allocate(4).putInt(o.stream).array(); // IntegerSerializer: big-endian
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }
}
