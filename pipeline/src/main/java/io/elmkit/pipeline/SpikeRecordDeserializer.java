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
    /** The bytes of the record being decoded, read in place (a consumer calls its deserializer from one thread). */
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    /** "topic T" for errors, built once per topic rather than once per record. */
    private String topic;
    private String where;

    @Override
    public SpikeRecord deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public SpikeRecord deserialize(String topic, Headers headers, byte[] data) {
        try {
            return decode(where(topic), headers, data);
        } catch (InputFormatException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    /**
     * The method Kafka's consumer calls: decodes the value where the fetched bytes lie (Kafka's default
     * copies every value into a new array first; at 10^4 records/s of a live topic that was a tenth to
     * a fifth of a reader's allocation, so more frequent collector pauses).
     */
    @Override
    public SpikeRecord deserialize(String topic, Headers headers, ByteBuffer data) {
        try {
            if (data == null) {
                return decode(where(topic), headers, (byte[]) null);
            }
            view.wrap(data, data.position(), data.remaining());
            return decode(where(topic), headers, view, data.remaining());
        } catch (InputFormatException e) {
            throw new SerializationException(e.getMessage(), e);
        } finally {
            view.wrap(NO_BYTES); // hold no fetched buffer between records
        }
    }

    private String where(String t) {
        if (!t.equals(topic)) {
            topic = t;
            where = "topic " + t;
        }
        return where;
    }

    /** Decodes one record's value; {@code where} names the topic in errors. */
    public static SpikeRecord decode(String where, Headers headers, byte[] data) throws InputFormatException {
        if (data == null) {
            throw new InputFormatException(where, "record value", "a value", "null (a tombstone)");
        }
        return decode(where, headers, new UnsafeBuffer(data), data.length);
    }

    /** Decodes the {@code length} bytes of {@code data} (from its index 0). */
    private static SpikeRecord decode(String where, Headers headers, UnsafeBuffer data, int length)
        throws InputFormatException {
        String kind = headers == null ? null : text(headers.lastHeader(SpikeTopic.KIND));
        if (kind == null) {
            if (length < StepBatchCodec.HEADER_LENGTH) {
                throw new InputFormatException(where, "step batch", "at least " + StepBatchCodec.HEADER_LENGTH + " bytes",
                    length + " bytes");
            }
            // Room for what the bytes can hold (the codec checks the count against the length).
            StepBatch batch = new StepBatch(Math.max(1, Math.min(StepBatchCodec.count(data, 0),
                (length - StepBatchCodec.HEADER_LENGTH) / StepBatchCodec.EVENT_LENGTH)));
            try {
                StepBatchCodec.decode(data, 0, length, batch);
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
                byte[] json = new byte[length];
                data.getBytes(0, json);
                return SpikeRecord.header(TopicHeader.fromJson(where, json));
            case SpikeTopic.KIND_END:
                if (length != SpikeRecordSerializer.END_LENGTH) {
                    throw new InputFormatException(where, "end record", SpikeRecordSerializer.END_LENGTH
                        + " bytes (int32 stream, int64 steps)", length + " bytes");
                }
                int stream = data.getInt(0, ByteOrder.LITTLE_ENDIAN);
                long steps = data.getLong(4, ByteOrder.LITTLE_ENDIAN);
                if (stream < 0 || steps < 0) {
                    throw new InputFormatException(where, "end record", "stream and steps >= 0",
                        "stream " + stream + ", steps " + steps);
                }
                return SpikeRecord.end(stream, steps);
            default:
                throw new InputFormatException(where, SpikeTopic.KIND, "\"header\", \"end\" or absent", "\"" + kind + "\"");
        }
    }

    private static final byte[] NO_BYTES = new byte[0];
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
