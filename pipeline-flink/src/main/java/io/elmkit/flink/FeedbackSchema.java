package io.elmkit.flink;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The feedback topic of {@code flink --connections}: one record per (source stream, target stream,
 * step), key = target stream (big-endian int, so a target's records share a partition and keep their
 * order), value = target, source, step, end steps (-1: a step's spikes), the number of spiking
 * neurons and their indices, all big-endian. Read back, every field is checked before use.
 */
final class FeedbackSchema implements KafkaRecordSerializationSchema<InputStep>, KafkaRecordDeserializationSchema<InputStep> {
    private static final long serialVersionUID = 1L;
    private static final int FIXED_BYTES = 4 + 4 + 8 + 8 + 4;

    private final String topic;
    private final int streams;
    private final int neurons;

    FeedbackSchema(String topic, int streams, int neurons) {
        this.topic = topic;
        this.streams = streams;
        this.neurons = neurons;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(InputStep r, KafkaSinkContext context, Long timestamp) {
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + 4 * r.spikes.length);
        b.putInt(r.stream).putInt(r.fromStream).putLong(r.step).putLong(r.endSteps).putInt(r.spikes.length);
        for (int k : r.spikes) {
            b.putInt(k);
        }
        byte[] key = ByteBuffer.allocate(4).putInt(r.stream).array();
        return new ProducerRecord<>(topic, null, null, key, b.array());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputStep> out) throws IOException {
        String where = "feedback topic " + topic + " partition " + record.partition() + " offset " + record.offset();
        byte[] v = record.value();
        if (v == null || v.length < FIXED_BYTES) {
            throw new InputFormatException(where, "value", "at least " + FIXED_BYTES + " bytes",
                v == null ? "none" : v.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        int to = b.getInt();
        int from = b.getInt();
        long step = b.getLong();
        long endSteps = b.getLong();
        int count = b.getInt();
        Checks.inRange(where, "target stream", to, 0, streams - 1);
        Checks.inRange(where, "source stream", from, 0, streams - 1);
        Checks.inRange(where, "step", step, 0, Long.MAX_VALUE - 1);
        Checks.inRange(where, "end steps", endSteps, -1, Long.MAX_VALUE - 1);
        Checks.inRange(where, "spiking neurons", count, 0, Math.min(neurons, (v.length - FIXED_BYTES) / 4));
        if (v.length != FIXED_BYTES + 4L * count) {
            throw new InputFormatException(where, "value", (FIXED_BYTES + 4L * count) + " bytes for " + count + " neurons",
                v.length + " bytes");
        }
        if (endSteps >= 0) {
            out.collect(InputStep.feedbackEnd(to, from, endSteps));
            return;
        }
        int[] spikes = new int[count];
        for (int i = 0; i < count; i++) {
            spikes[i] = Checks.elementToInt(where, "neuron", i, b.getInt(), i == 0 ? 0 : spikes[i - 1] + 1, neurons - 1);
        }
        out.collect(InputStep.feedback(to, from, step, spikes));
    }

    @Override
    public TypeInformation<InputStep> getProducedType() {
        return TypeInformation.of(InputStep.class);
    }
}
