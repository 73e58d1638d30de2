package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.event.StepBatchCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer of {@link SpikeRecord}s (format: {@link SpikeTopic}). Checks each record
 * on its own (kind, lengths, the header's fields); what needs the topic's header (stream and channel
 * ranges, step order) is checked by {@link SpikeTopicReader}. A bad record is a
 * {@link SerializationException} whose message is the one-line {@link InputFormatException}.
 */
public final class SpikeRecordDeserializer implements Deserializer<SpikeRecord> {

    @Override
    public SpikeRecord deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public SpikeRecord deserialize(String topic, Headers headers, byte[] data) {
        try {
            return decode("topic " + topic, headers, data);
        } catch (InputFormatException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    /** Decodes one record's value; {@code where} names the topic in errors. */
    public static SpikeRecord decode(String where, Headers headers, byte[] data) throws InputFormatException {
        String kind = headers == null ? null : text(headers.lastHeader(SpikeTopic.KIND));
        if (data == null) {
            throw new InputFormatException(where, "record value", "a value", "null (a tombstone)");
        }
        if (kind == null) {
            if (data.length < StepBatchCodec.HEADER_LENGTH) {
                throw new InputFormatException(where, "step batch", "at least " + StepBatchCodec.HEADER_LENGTH + " bytes",
                    data.length + " bytes");
            }
            // Room for what the bytes can hold (the codec checks the count against the length).
            StepBatch batch = new StepBatch(Math.max(1, Math.min(StepBatchCodec.count(new UnsafeBuffer(data), 0),
                (data.length - StepBatchCodec.HEADER_LENGTH) / StepBatchCodec.EVENT_LENGTH)));
            try {
                StepBatchCodec.decode(new UnsafeBuffer(data), 0, data.length, batch);
            } catch (IllegalArgumentException e) {
                throw new InputFormatException(where, "step batch", e.getMessage());
            }
            if (batch.streamId() < 0 || batch.step() < 0) {
                throw new InputFormatException(where, "step batch", "stream id and step >= 0",
                    "stream " + batch.streamId() + ", step " + batch.step());
            }
            Header spike = headers == null ? null : headers.lastHeader(SpikeTopic.SPIKE);
            return SpikeRecord.batch(batch, spike == null ? NO_SPIKES : spikes(where, spike.value()));
        }
        switch (kind) {
            case SpikeTopic.KIND_HEADER:
                return SpikeRecord.header(TopicHeader.fromJson(where, data));
            case SpikeTopic.KIND_END:
                if (data.length != SpikeRecordSerializer.END_LENGTH) {
                    throw new InputFormatException(where, "end record", SpikeRecordSerializer.END_LENGTH
                        + " bytes (int32 stream, int64 steps)", data.length + " bytes");
                }
                ByteBuffer end = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                int stream = end.getInt();
                long steps = end.getLong();
                if (stream < 0 || steps < 0) {
                    throw new InputFormatException(where, "end record", "stream and steps >= 0",
                        "stream " + stream + ", steps " + steps);
                }
                return SpikeRecord.end(stream, steps);
            default:
                throw new InputFormatException(where, SpikeTopic.KIND, "\"header\", \"end\" or absent", "\"" + kind + "\"");
        }
    }

    private static final int[] NO_SPIKES = new int[0];
    private static final int[] FIRST = {0};

    /** The neurons of an {@code elmkit.spike} header: int32 little-endian, increasing; empty: neuron 0 (one-neuron topics). */
    private static int[] spikes(String where, byte[] value) throws InputFormatException {
        if (value == null || value.length == 0) {
            return FIRST;
        }
        if (value.length % 4 != 0) {
            throw new InputFormatException(where, SpikeTopic.SPIKE, "int32 neuron indices (a multiple of 4 bytes)",
                value.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int[] neurons = new int[value.length / 4];
        for (int i = 0; i < neurons.length; i++) {
            neurons[i] = b.getInt();
            if (neurons[i] < 0 || (i > 0 && neurons[i] <= neurons[i - 1])) {
                throw new InputFormatException(where, SpikeTopic.SPIKE + "[" + i + "]", "a neuron index >= 0, increasing",
                    Integer.toString(neurons[i]));
            }
        }
        return neurons;
    }

    private static String text(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
