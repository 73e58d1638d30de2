package io.elmkit.io.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The step batch codec: the untimed 16 + 8n layout unchanged, timed events with a float64 each, flagged in the count word. */
class StepBatchCodecTest {

    @Test
    void batchesWithoutTimesKeepTheOriginalLayoutByteForByte() {
        StepBatch batch = new StepBatch().reset(5, 1L << 33).add(7, 1.5f).add(699, -2f);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        assertEquals(16 + 8 * 2, StepBatchCodec.encode(batch, 0, 2, buffer, 4));
        ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(5).putLong(1L << 33).putInt(2).putInt(7).putFloat(1.5f).putInt(699).putFloat(-2f);
        byte[] written = new byte[32];
        buffer.getBytes(4, written);
        assertArrayEquals(expected.array(), written);
        assertFalse(StepBatchCodec.hasTimes(buffer, 4));
        assertEquals(StepBatchCodec.length(2), StepBatchCodec.length(2, false));
    }

    @Test
    void timedBatchesCarryAFloat64PerEventAndRoundTrip() {
        StepBatch batch = new StepBatch(1).reset(2, 9).add(3, 1f, 0.0091552734375).add(4, 2f, 0.00999);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        int length = StepBatchCodec.encode(batch, 0, 2, buffer, 0);
        assertEquals(16 + 16 * 2, length);
        assertEquals(length, StepBatchCodec.length(2, true));
        assertEquals(0x8000_0002, buffer.getInt(12, ByteOrder.LITTLE_ENDIAN), "count word: 2 events, times flag");
        assertTrue(StepBatchCodec.hasTimes(buffer, 0));
        assertEquals(2, StepBatchCodec.count(buffer, 0));
        assertEquals(4, StepBatchCodec.channel(buffer, 0, 1));
        assertEquals(2f, StepBatchCodec.value(buffer, 0, 1));
        assertEquals(0.00999, StepBatchCodec.timeS(buffer, 0, 1));
        StepBatch back = new StepBatch();
        StepBatchCodec.decode(buffer, 0, length, back);
        assertTrue(back.hasTimes());
        assertEquals(2, back.size());
        assertEquals(0.0091552734375, back.timeS(0));
        assertEquals(3, back.channel(0));
        assertEquals(0.00999, back.timeS(1));
    }

    @Test
    void splitPartsReassembleAndMayNotMixTimedAndUntimed() {
        StepBatch batch = new StepBatch().reset(1, 4);
        for (int i = 0; i < 5; i++) {
            batch.add(i, i, i / 1000.0);
        }
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int first = StepBatchCodec.encode(batch, 0, 3, buffer, 0);
        int second = StepBatchCodec.encode(batch, 3, 2, buffer, first);
        StepBatch back = new StepBatch();
        StepBatchCodec.decode(buffer, 0, first, back);
        StepBatchCodec.decode(buffer, first, second, back);
        assertEquals(5, back.size());
        assertEquals(0.004, back.timeS(4));
        StepBatch untimed = new StepBatch().reset(1, 4).add(9, 1f);
        int third = StepBatchCodec.encode(untimed, 0, 1, buffer, first + second);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
            () -> StepBatchCodec.decode(buffer, first + second, third, back));
        assertTrue(mixed.getMessage().contains("without times continues a batch with times"), mixed.getMessage());
    }

    @Test
    void aLengthThatDoesNotMatchTheHeaderIsRefused() {
        StepBatch batch = new StepBatch().reset(0, 0).add(1, 1f, 0.5);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        int length = StepBatchCodec.encode(batch, 0, 1, buffer, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StepBatchCodec.decode(buffer, 0, length - 8, new StepBatch()));
        assertEquals("step batch message of 24 bytes claims 1 events with times (expected 32 bytes)", e.getMessage());
        // what a decoder written before times sees: a negative count, which it refused
        assertTrue(buffer.getInt(12, ByteOrder.LITTLE_ENDIAN) < 0);
        StepBatchCodec.encode(new StepBatch().reset(0, 0).add(1, 1f), 0, 1, buffer, 0);
        IllegalStateException untimed = assertThrows(IllegalStateException.class, () -> StepBatchCodec.timeS(buffer, 0, 0));
        assertEquals("step batch message (stream 0, step 0) carries no times", untimed.getMessage());
    }

    @Test
    void aBatchHoldsTimesForAllEventsOrNone() {
        StepBatch batch = new StepBatch().reset(3, 8).add(1, 1f);
        assertFalse(batch.hasTimes());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> batch.add(2, 1f, 0.1));
        assertEquals("step batch (stream 3, step 8): cannot add an event with a time to 1 events without times"
            + " (a batch's events all carry a time or none does)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> batch.timeS(0));
        batch.reset(3, 9).add(2, 1f, 0.25);
        assertTrue(batch.hasTimes());
        assertThrows(IllegalStateException.class, () -> batch.add(2, 1f));
        batch.reset(3, 10).add(5, 1f);
        assertFalse(batch.hasTimes(), "reset forgets the times");
        StepBatch grows = new StepBatch(1).reset(0, 0);
        for (int i = 0; i < 100; i++) {
            grows.add(i, i, i * 0.001);
        }
        assertEquals(0.099, grows.timeS(99));
        assertEquals(99, grows.channel(99));
    }
}
