package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.event.StepBatchCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer of {@link SpikeRecord}s (format: {@link SpikeTopic}). Header and end records
 * need the record headers ({@code elmkit.kind}), so they go through {@link #serialize(String, Headers,
 * SpikeRecord)}, the method the producer calls; a batch is the step-batch codec alone.
 */
public final class SpikeRecordSerializer implements Serializer<SpikeRecord> {
    private static final byte[] KIND_HEADER = SpikeTopic.KIND_HEADER.getBytes(StandardCharsets.UTF_8);
    private static final byte[] KIND_END = SpikeTopic.KIND_END.getBytes(StandardCharsets.UTF_8);
    /** Bytes of an end record's value: int32 stream id, int64 steps, little-endian like the codec. */
    public static final int END_LENGTH = 12;

    @Override
    public byte[] serialize(String topic, SpikeRecord data) {
        if (data == null) {
            return null;
        }
        if (data.kind() != SpikeRecord.Kind.BATCH || data.spiked()) {
            throw new IllegalStateException(data + ": needs record headers (serialize with Headers)");
        }
        return encode(data.batch());
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpikeRecord data) {
        if (data == null) {
            return null;
        }
        switch (data.kind()) {
            case HEADER:
                headers.add(SpikeTopic.KIND, KIND_HEADER);
                return data.header().toJson();
            case END:
                headers.add(SpikeTopic.KIND, KIND_END);
                return ByteBuffer.allocate(END_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(data.stream())
                    .putLong(data.endSteps()).array();
            default:
                if (data.spiked()) {
                    headers.add(SpikeTopic.SPIKE, spikes(data.spikes()));
                }
                return encode(data.batch());
        }
    }

    /** The {@code elmkit.spike} header's value: the neurons that spiked, int32 little-endian each. */
    static byte[] spikes(int[] neurons) {
        ByteBuffer b = ByteBuffer.allocate(4 * neurons.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int n : neurons) {
            b.putInt(n);
        }
        return b.array();
    }

    /** The step-batch codec of a whole batch. */
    public static byte[] encode(StepBatch batch) {
        byte[] bytes = new byte[StepBatchCodec.length(batch.size(), batch.hasTimes())];
        StepBatchCodec.encode(batch, 0, batch.size(), new UnsafeBuffer(bytes), 0);
        return bytes;
    }
}
