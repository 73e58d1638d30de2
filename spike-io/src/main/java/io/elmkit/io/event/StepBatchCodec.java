package io.elmkit.io.event;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The binary form of a {@link StepBatch}, little-endian: int32 stream id, int64 step, int32 event
 * count, then per event int32 channel and float32 value (16 + 8 n bytes). Used on ring buffers
 * and in journals.
 */
public final class StepBatchCodec {
    public static final int HEADER_LENGTH = 16;
    public static final int EVENT_LENGTH = 8;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private StepBatchCodec() {
    }

    /** Encoded length of {@code events} events. */
    public static int length(int events) {
        return HEADER_LENGTH + EVENT_LENGTH * events;
    }

    /** Writes events [from, from + n) of a batch at {@code offset}; returns the bytes written. */
    public static int encode(StepBatch batch, int from, int n, MutableDirectBuffer buffer, int offset) {
        buffer.putInt(offset, batch.streamId(), ORDER);
        buffer.putLong(offset + 4, batch.step(), ORDER);
        buffer.putInt(offset + 12, n, ORDER);
        int at = offset + HEADER_LENGTH;
        for (int i = from; i < from + n; i++) {
            buffer.putInt(at, batch.channel(i), ORDER);
            buffer.putFloat(at + 4, batch.value(i), ORDER);
            at += EVENT_LENGTH;
        }
        return at - offset;
    }

    /**
     * Decodes a message into {@code batch} (events appended when it already holds the same stream and
     * step, so a batch split over several messages is reassembled). Checks the length it was given.
     */
    public static void decode(DirectBuffer buffer, int offset, int length, StepBatch batch) {
        if (length < HEADER_LENGTH) {
            throw new IllegalArgumentException("step batch message of " + length + " bytes is shorter than its "
                + HEADER_LENGTH + "-byte header");
        }
        int stream = buffer.getInt(offset, ORDER);
        long step = buffer.getLong(offset + 4, ORDER);
        int n = buffer.getInt(offset + 12, ORDER);
        if (n < 0 || length != length(n)) {
            throw new IllegalArgumentException("step batch message of " + length + " bytes claims " + n
                + " events (expected " + (n < 0 ? "a non-negative count" : length(n) + " bytes") + ")");
        }
        if (batch.size() == 0 || batch.streamId() != stream || batch.step() != step) {
            batch.reset(stream, step);
        }
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < n; i++) {
            batch.add(buffer.getInt(at, ORDER), buffer.getFloat(at + 4, ORDER));
            at += EVENT_LENGTH;
        }
    }

    public static int streamId(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset, ORDER);
    }

    public static long step(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 4, ORDER);
    }

    public static int count(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 12, ORDER);
    }

    public static int channel(DirectBuffer buffer, int offset, int i) {
        return buffer.getInt(offset + HEADER_LENGTH + i * EVENT_LENGTH, ORDER);
    }

    public static float value(DirectBuffer buffer, int offset, int i) {
        return buffer.getFloat(offset + HEADER_LENGTH + i * EVENT_LENGTH + 4, ORDER);
    }
}
