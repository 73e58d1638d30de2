package io.elmkit.io.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.event.StepBatchCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SpikeRingTest {

    @Test
    void offerSignalsBackPressureAndWritesNothingWhenFull() {
        SpikeRing ring = SpikeRing.oneToOne(1024);
        StepBatch batch = new StepBatch().reset(3, 0).add(1, 1f).add(2, -1f);
        int written = 0;
        while (ring.offer(batch.reset(3, written).add(1, 1f).add(2, -1f))) {
            written++;
        }
        assertTrue(written > 0);
        int size = ring.size();
        assertFalse(ring.offer(batch), "full ring refuses");
        assertEquals(size, ring.size(), "a refused offer writes nothing");
        List<Long> steps = new ArrayList<>();
        int read = ring.drain((buffer, offset, length) -> steps.add(StepBatchCodec.step(buffer, offset)), 1000);
        assertEquals(written, read);
        for (int i = 0; i < written; i++) {
            assertEquals(i, steps.get(i));
        }
        assertThrows(IllegalArgumentException.class, () -> SpikeRing.oneToOne(1000));
    }

    @Test
    void putSplitsBigBatchesAndTheConsumerReassemblesThem() {
        SpikeRing ring = SpikeRing.oneToOne(4096);
        StepBatch big = new StepBatch().reset(7, 42);
        for (int i = 0; i < 300; i++) {
            big.add(i, i * 0.5f);
        }
        assertThrows(IllegalArgumentException.class, () -> ring.offer(big));
        Thread producer = new Thread(() -> ring.put(big, new YieldingIdleStrategy()));
        producer.start();
        StepBatch got = new StepBatch();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < 300 && System.nanoTime() < deadline) {
            ring.drain((buffer, offset, length) -> StepBatchCodec.decode(buffer, offset, length, got), 10);
        }
        assertEquals(300, got.size());
        assertEquals(42, got.step());
        for (int i = 0; i < 300; i++) {
            assertEquals(i, got.channel(i));
            assertEquals(i * 0.5f, got.value(i));
        }
    }

    @Test
    void timedBatchesAreSplitAtTheirOwnMessageSizeAndReassembledWithTimes() {
        SpikeRing ring = SpikeRing.oneToOne(4096);
        assertEquals((ring.maxEventsPerMessage() * 8) / 16, ring.maxTimedEventsPerMessage());
        int events = ring.maxTimedEventsPerMessage() + 5;
        StepBatch big = new StepBatch().reset(2, 11);
        for (int i = 0; i < events; i++) {
            big.add(i, 1f, i * 0.0005);
        }
        assertThrows(IllegalArgumentException.class, () -> ring.offer(big));
        ring.put(big, new YieldingIdleStrategy());
        List<Integer> parts = new ArrayList<>();
        StepBatch got = new StepBatch();
        ring.drain((buffer, offset, length) -> {
            parts.add(StepBatchCodec.count(buffer, offset));
            StepBatchCodec.decode(buffer, offset, length, got);
        }, 10);
        assertEquals(List.of(ring.maxTimedEventsPerMessage(), 5), parts);
        assertEquals(events, got.size());
        assertTrue(got.hasTimes());
        for (int i = 0; i < events; i++) {
            assertEquals(i, got.channel(i));
            assertEquals(i * 0.0005, got.timeS(i));
        }
    }

    @Test
    @Timeout(120)
    void concurrentProducersDeliverEveryEventOnceInOrderPerProducer() throws Exception {
        int producers = 4;
        int batchesEach = 50_000;
        SpikeRing ring = SpikeRing.manyToOne(16 * 1024); // small: producers hit back-pressure often
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int stream = p;
            Thread t = new Thread(() -> {
                StepBatch batch = new StepBatch();
                BackoffIdleStrategy idle = new BackoffIdleStrategy();
                for (int step = 0; step < batchesEach; step++) {
                    batch.reset(stream, step);
                    for (int e = 0; e < 1 + step % 5; e++) {
                        batch.add(stream * 1000 + e, step);
                    }
                    ring.put(batch, idle);
                }
            });
            threads.add(t);
            t.start();
        }
        long[] nextStep = new long[producers];
        long[] events = new long[producers];
        String[] error = {null};
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (sum(nextStep) < (long) producers * batchesEach && System.nanoTime() < deadline && error[0] == null) {
            ring.drain((buffer, offset, length) -> {
                int stream = StepBatchCodec.streamId(buffer, offset);
                long step = StepBatchCodec.step(buffer, offset);
                int n = StepBatchCodec.count(buffer, offset);
                if (step != nextStep[stream] || n != 1 + step % 5
                    || StepBatchCodec.channel(buffer, offset, n - 1) != stream * 1000 + n - 1
                    || StepBatchCodec.value(buffer, offset, 0) != step) {
                    error[0] = "stream " + stream + ": got step " + step + " with " + n + " events, expected step "
                        + nextStep[stream];
                }
                nextStep[stream]++;
                events[stream] += n;
            }, 256);
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(null, error[0]);
        long expectedEvents = 0;
        for (int step = 0; step < batchesEach; step++) {
            expectedEvents += 1 + step % 5;
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(batchesEach, nextStep[p], "batches of producer " + p);
            assertEquals(expectedEvents, events[p], "events of producer " + p);
        }
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }
}
