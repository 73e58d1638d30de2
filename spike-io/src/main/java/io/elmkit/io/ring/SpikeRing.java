package io.elmkit.io.ring;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.event.StepBatchCodec;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Spike step batches over an Agrona off-heap ring buffer, one-to-one or many-to-one. Producers
 * see back-pressure explicitly: {@link #offer} returns false when the ring is full (nothing was
 * written), {@link #put} waits with an idle strategy until everything is written. Nothing is ever
 * dropped. Batches larger than one ring message are split into several messages of the same
 * stream and step, which {@link #drain} hands to the handler one by one in order.
 */
public final class SpikeRing {
    /** Message type of a step batch on the ring. */
    public static final int MSG_TYPE_STEP_BATCH = 1;
    /** Message type saying a stream publishes nothing more (payload: int32 stream id). */
    public static final int MSG_TYPE_END_OF_STREAM = 2;

    private final RingBuffer ring;
    private final int maxEventsPerMessage;
    private final int maxTimedEventsPerMessage;

    private SpikeRing(RingBuffer ring) {
        this.ring = ring;
        this.maxEventsPerMessage = (ring.maxMsgLength() - StepBatchCodec.HEADER_LENGTH) / StepBatchCodec.EVENT_LENGTH;
        this.maxTimedEventsPerMessage = (ring.maxMsgLength() - StepBatchCodec.HEADER_LENGTH) / StepBatchCodec.TIMED_EVENT_LENGTH;
        if (maxTimedEventsPerMessage < 1) {
            throw new IllegalArgumentException("ring of " + ring.capacity() + " bytes is too small for one event with its time");
        }
    }

    /** A ring for one producer thread and one consumer; capacity is a power of two (bytes). */
    public static SpikeRing oneToOne(int capacityBytes) {
        return new SpikeRing(new OneToOneRingBuffer(allocate(capacityBytes)));
    }

    /** A ring for many producer threads and one consumer; capacity is a power of two (bytes). */
    public static SpikeRing manyToOne(int capacityBytes) {
        return new SpikeRing(new ManyToOneRingBuffer(allocate(capacityBytes)));
    }

    private static UnsafeBuffer allocate(int capacityBytes) {
        if (capacityBytes <= 0 || Integer.bitCount(capacityBytes) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two bytes, got " + capacityBytes);
        }
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH));
    }

    /** Largest number of events without times one message holds (bigger batches are split by {@link #put}). */
    public int maxEventsPerMessage() {
        return maxEventsPerMessage;
    }

    /** Largest number of events with times one message holds (bigger batches are split by {@link #put}). */
    public int maxTimedEventsPerMessage() {
        return maxTimedEventsPerMessage;
    }

    private int maxEvents(StepBatch batch) {
        return batch.hasTimes() ? maxTimedEventsPerMessage : maxEventsPerMessage;
    }

    /**
     * Writes a batch if it fits now, as one message. Returns false when the ring is full (back-pressure:
     * nothing was written; try again later). A batch above {@link #maxEventsPerMessage()} (with times:
     * {@link #maxTimedEventsPerMessage()}) is an error here; {@link #put} splits it.
     */
    public boolean offer(StepBatch batch) {
        if (batch.size() > maxEvents(batch)) {
            throw new IllegalArgumentException("batch of " + batch.size() + " events" + (batch.hasTimes() ? " with times" : "")
                + " exceeds one ring message (" + maxEvents(batch) + " events for a " + ring.capacity()
                + "-byte ring): use put(), or a larger ring");
        }
        return offerPart(batch, 0, batch.size());
    }

    private boolean offerPart(StepBatch batch, int from, int n) {
        int length = StepBatchCodec.length(n, batch.hasTimes());
        int index = ring.tryClaim(MSG_TYPE_STEP_BATCH, length);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY) {
            return false;
        }
        try {
            StepBatchCodec.encode(batch, from, n, ring.buffer(), index);
        } catch (RuntimeException e) {
            ring.abort(index);
            throw e;
        }
        ring.commit(index);
        return true;
    }

    /** Writes a whole batch, waiting with {@code idle} while the ring is full; splits big batches. */
    public void put(StepBatch batch, IdleStrategy idle) {
        int from = 0;
        int total = batch.size();
        int max = maxEvents(batch);
        do {
            int n = Math.min(max, total - from);
            idle.reset();
            while (!offerPart(batch, from, n)) {
                idle.idle();
            }
            from += n;
        } while (from < total);
    }

    /**
     * Declares that {@code streamId} publishes nothing more, so a consumer merging streams need not
     * wait for it; waits with {@code idle} while the ring is full.
     */
    public void finish(int streamId, IdleStrategy idle) {
        idle.reset();
        while (true) {
            int index = ring.tryClaim(MSG_TYPE_END_OF_STREAM, Integer.BYTES);
            if (index != RingBuffer.INSUFFICIENT_CAPACITY) {
                ring.buffer().putInt(index, streamId, java.nio.ByteOrder.LITTLE_ENDIAN);
                ring.commit(index);
                return;
            }
            idle.idle();
        }
    }

    /** Receives step batches from {@link #drain}: decode with {@link StepBatchCodec}'s accessors. */
    @FunctionalInterface
    public interface Handler {
        /** A step batch at {@code offset} of {@code buffer}, {@code length} bytes: decode with {@link StepBatchCodec}. */
        void onStepBatch(DirectBuffer buffer, int offset, int length);

        /** A producer declared with {@link #finish} that the stream has ended. */
        default void onEndOfStream(int streamId) {
        }
    }

    private Handler current;
    private final org.agrona.concurrent.MessageHandler dispatch = (typeId, buffer, index, length) -> {
        if (typeId == MSG_TYPE_STEP_BATCH) {
            current.onStepBatch(buffer, index, length);
        } else if (typeId == MSG_TYPE_END_OF_STREAM) {
            current.onEndOfStream(buffer.getInt(index, java.nio.ByteOrder.LITTLE_ENDIAN));
        }
    };

    /**
     * Hands up to {@code limit} messages to the handler, in ring order; returns how many. Call from
     * the one consumer thread; allocation-free.
     */
    public int drain(Handler handler, int limit) {
        current = handler;
        try {
            return ring.read(dispatch, limit);
        } finally {
            current = null;
        }
    }

    /** Bytes waiting to be consumed. */
    public int size() {
        return ring.size();
    }

    /** Capacity in bytes. */
    public int capacity() {
        return ring.capacity();
    }
}
