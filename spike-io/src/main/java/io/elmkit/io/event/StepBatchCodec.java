package io.elmkit.io.event;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The binary form of a {@link StepBatch}, little-endian. Header (16 bytes): int32 stream id, int64
 * step, int32 count word = event count in bits 0..30, bit 31 set when the events carry times. Then
 * per event int32 channel and float32 value (8 bytes), followed by float64 time in seconds when timed
 * (16 bytes). A batch without times is thus exactly the original 16 + 8 n layout; a decoder that
 * predates times reads the flagged count as negative and refuses the message. Used on ring buffers.
 */
public final class StepBatchCodec {
    /** Bytes before the first event: stream id, step and count word. */
    public static final int HEADER_LENGTH = 16;
    /** Bytes per event without a time. */
    public static final int EVENT_LENGTH = 8;
    /** Bytes per event with a time. */
    public static final int TIMED_EVENT_LENGTH = 16;
    /** Bit of the count word saying that the events carry times. */
    public static final int TIMES_FLAG = 0x8000_0000;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private StepBatchCodec() {
    }

    /** Encoded length of {@code events} events without times. */
    public static int length(int events) {
        return HEADER_LENGTH + EVENT_LENGTH * events;
    }

    /** Encoded length of {@code events} events, with or without times. */
    public static int length(int events, boolean withTimes) {
        return HEADER_LENGTH + eventLength(withTimes) * events;
    }

    /** Bytes per event. */
    public static int eventLength(boolean withTimes) {
        return withTimes ? TIMED_EVENT_LENGTH : EVENT_LENGTH;
    }

    /**
     * Writes events [from, from + n) of a batch at {@code offset}, with their times when the batch
     * has them; returns the bytes written.
     */
    public static int encode(StepBatch batch, int from, int n, MutableDirectBuffer buffer, int offset) {
        boolean timed = batch.hasTimes();
        buffer.putInt(offset, batch.streamId(), ORDER);
        buffer.putLong(offset + 4, batch.step(), ORDER);
        buffer.putInt(offset + 12, timed ? n | TIMES_FLAG : n, ORDER);
        int at = offset + HEADER_LENGTH;
        for (int i = from; i < from + n; i++) {
            buffer.putInt(at, batch.channel(i), ORDER);
            buffer.putFloat(at + 4, batch.value(i), ORDER);
            if (timed) {
                buffer.putDouble(at + 8, batch.timeS(i), ORDER);
                at += TIMED_EVENT_LENGTH;
            } else {
                at += EVENT_LENGTH;
            }
        }
        return at - offset;
    }

    /**
     * Decodes a message into {@code batch} (events appended when it already holds the same stream and
     * step, so a batch split over several messages is reassembled). Checks the length it was given.
     *
     * @throws IllegalArgumentException if the length does not match the header, or a part with times
     *     would be appended to a part without (or the other way round)
     */
    public static void decode(DirectBuffer buffer, int offset, int length, StepBatch batch) {
        if (length < HEADER_LENGTH) {
            throw new IllegalArgumentException("step batch message of " + length + " bytes is shorter than its "
                + HEADER_LENGTH + "-byte header");
        }
        int stream = buffer.getInt(offset, ORDER);
        long step = buffer.getLong(offset + 4, ORDER);
        int n = count(buffer, offset);
        boolean timed = hasTimes(buffer, offset);
        if ((long) length != HEADER_LENGTH + (long) eventLength(timed) * n) {
            throw new IllegalArgumentException("step batch message of " + length + " bytes claims " + n + " events"
                + (timed ? " with times" : "") + " (expected " + (HEADER_LENGTH + (long) eventLength(timed) * n) + " bytes)");
        }
        if (batch.size() == 0 || batch.streamId() != stream || batch.step() != step) {
            batch.reset(stream, step);
        } else if (n > 0 && batch.hasTimes() != timed) {
            throw new IllegalArgumentException("step batch message (stream " + stream + ", step " + step + ") "
                + (timed ? "with" : "without") + " times continues a batch " + (timed ? "without" : "with") + " times");
        }
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < n; i++) {
            if (timed) {
                batch.add(buffer.getInt(at, ORDER), buffer.getFloat(at + 4, ORDER), buffer.getDouble(at + 8, ORDER));
                at += TIMED_EVENT_LENGTH;
            } else {
                batch.add(buffer.getInt(at, ORDER), buffer.getFloat(at + 4, ORDER));
                at += EVENT_LENGTH;
            }
        }
    }

    /** The stream id of the batch encoded at {@code offset}. */
    public static int streamId(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset, ORDER);
    }

    /** The step of the batch encoded at {@code offset}. */
    public static long step(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + 4, ORDER);
    }

    /** Number of events (the count word without the times flag). */
    public static int count(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + 12, ORDER) & ~TIMES_FLAG;
    }

    /** Whether the message's events carry times. */
    public static boolean hasTimes(DirectBuffer buffer, int offset) {
        return (buffer.getInt(offset + 12, ORDER) & TIMES_FLAG) != 0;
    }

    /** The channel of event i of the batch encoded at {@code offset}. */
    public static int channel(DirectBuffer buffer, int offset, int i) {
        return buffer.getInt(eventOffset(buffer, offset, i), ORDER);
    }

    /** The value of event i of the batch encoded at {@code offset}. */
    public static float value(DirectBuffer buffer, int offset, int i) {
        return buffer.getFloat(eventOffset(buffer, offset, i) + 4, ORDER);
    }

    /**
     * Time in seconds of event {@code i}.
     *
     * @throws IllegalStateException if the message's events carry no times
     */
    public static double timeS(DirectBuffer buffer, int offset, int i) {
        if (!hasTimes(buffer, offset)) {
            throw new IllegalStateException("step batch message (stream " + streamId(buffer, offset) + ", step "
                + step(buffer, offset) + ") carries no times");
        }
        return buffer.getDouble(offset + HEADER_LENGTH + i * TIMED_EVENT_LENGTH + 8, ORDER);
    }

    private static int eventOffset(DirectBuffer buffer, int offset, int i) {
        return offset + HEADER_LENGTH + i * eventLength(hasTimes(buffer, offset));
    }
}
