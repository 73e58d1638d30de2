package io.elmkit.io.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StepMergerTest {

    @Test
    void aStepIsCompleteOnlyWhenEveryStreamHasMovedPastIt() {
        SpikeRing ring = SpikeRing.oneToOne(4096);
        StepMerger merger = new StepMerger(2, 0);
        StepBatch b = new StepBatch();
        ring.offer(b.reset(0, 0).add(1, 1f));
        ring.offer(b.reset(0, 1).add(2, 1f));
        ring.offer(b.reset(1, 0).add(3, -1f));
        ring.drain(merger, 10);
        // Stream 1 is at step 0: it may still add to step 0, so nothing is complete yet.
        assertEquals(-1, merger.pollStep((s, stream, c, v) -> { }));
        ring.offer(b.reset(1, 2).add(4, -1f));
        ring.drain(merger, 10);
        int[] events = new int[1];
        assertEquals(0, merger.pollStep((s, stream, c, v) -> events[0]++));
        assertEquals(2, events[0]);
        // Step 1: stream 0 is at 1, so 1 is not complete until stream 0 moves on or finishes.
        assertEquals(-1, merger.pollStep((s, stream, c, v) -> { }));
        merger.finish(0);
        assertEquals(1, merger.pollStep((s, stream, c, v) -> { }));
    }

    @Test
    void timesTravelWithTheEventsThatHaveThemAndAreNaNForTheOthers() {
        SpikeRing ring = SpikeRing.oneToOne(4096);
        StepMerger merger = new StepMerger(2, 0);
        ring.put(new StepBatch().reset(0, 0).add(1, 1f, 0.0004), new YieldingIdleStrategy());
        ring.put(new StepBatch().reset(1, 0).add(2, 3f), new YieldingIdleStrategy());
        ring.put(new StepBatch().reset(0, 1), new YieldingIdleStrategy());
        ring.put(new StepBatch().reset(1, 1), new YieldingIdleStrategy());
        ring.drain(merger, 10);
        List<String> events = new ArrayList<>();
        assertEquals(0, merger.pollTimedStep((step, stream, channel, value, timeS) ->
            events.add(step + ":" + stream + ":" + channel + ":" + value + ":" + timeS)));
        assertEquals(List.of("0:0:1:1.0:4.0E-4", "0:1:2:3.0:NaN"), events);
    }

    @Test
    @Timeout(60)
    void anAgentDrainsTwoProducersIntoWholeStepsInOrder() throws Exception {
        SpikeRing ring = SpikeRing.manyToOne(8192);
        StepMerger merger = new StepMerger(2, 0);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), errors::add, null,
            new SpikeRingAgent(ring, merger, 64, "spike-consumer"));
        int steps = 2000;
        Thread[] producers = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int stream = p;
            producers[p] = new Thread(() -> {
                StepBatch b = new StepBatch();
                BackoffIdleStrategy idle = new BackoffIdleStrategy();
                for (int t = 0; t < steps; t++) {
                    b.reset(stream, t).add(stream, t);
                    if (t % 3 == stream) {
                        b.add(100 + stream, -t);
                    }
                    ring.put(b, idle);
                }
            });
        }
        // The merger is single-threaded: the agent feeds it; it is polled here once the agent has stopped.
        AgentRunner.startOnThread(runner);
        for (Thread t : producers) {
            t.start();
        }
        for (Thread t : producers) {
            t.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ring.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        runner.close();
        assertTrue(errors.isEmpty(), errors.toString());
        merger.finish(0);
        merger.finish(1);
        long expectedStep = 0;
        int[] counts = new int[1];
        while (true) {
            counts[0] = 0;
            long step = merger.pollStep((s, stream, channel, value) -> counts[0]++);
            if (step < 0) {
                break;
            }
            assertEquals(expectedStep, step);
            int extra = (step % 3 == 0 ? 1 : 0) + (step % 3 == 1 ? 1 : 0);
            assertEquals(2 + extra, counts[0], "events of step " + step);
            expectedStep++;
        }
        assertEquals(steps, expectedStep);
    }
}
