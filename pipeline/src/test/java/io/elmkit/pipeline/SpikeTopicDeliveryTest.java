package io.elmkit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.testsupport.ClassResource;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery through a real in-process broker (one per class): a slow reader pauses the consumer and
 * loses nothing; a broker restart in the middle of a publish loses nothing complete; a spike topic
 * replays as an engine input event for event; a bad record is a one-line error naming the topic.
 */
class SpikeTopicDeliveryTest {
    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    /** Random events: {@code streams} samples, {@code steps} steps, 16 channels, ~2 events per stream and step. */
    static EventsFile events(int streams, int steps, long seed) {
        float[] raster = new float[streams * steps * 16];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < raster.length; i++) {
            raster[i] = r.nextInt(8) == 0 ? 1 + r.nextInt(3) : 0f;
        }
        return EventsFile.fromDense(raster, streams, steps, 16, 1.0);
    }

    /** Every (stream, step, channel, value) of an input, in the order the engine would see it. */
    static List<String> replay(SpikeInput in, long maxWaitMs) {
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + maxWaitMs;
        for (long step = 0; ; ) {
            long s = step;
            int state = in.poll(step, (stream, channel, value) -> seen.add(stream + "/" + s + "/" + channel + "=" + value));
            if (state == SpikeInput.END) {
                return seen;
            }
            if (state == SpikeInput.READY) {
                step++;
            } else if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("input stalled at step " + step);
            }
        }
    }

    static SpikePublisher.Result publish(EventsFile file, String topic, boolean realtime) {
        try (SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), topic, 3, realtime)) {
            return SpikePublisher.publish(new EventsFileInput(file, "test"), file.labels, "test", w, realtime,
                ProgressMeter.silent("records", -1), null);
        }
    }

    @Test
    void aTopicReplaysAsTheFileItWasPublishedFrom() throws Exception {
        EventsFile file = events(5, 200, 1);
        SpikePublisher.Result r = publish(file, "replay", false);
        assertEquals(3 + 5 * 200 + 5, r.records(), "headers (one per partition), a batch per stream and step, ends");
        try (KafkaSpikeInput in = new KafkaSpikeInput(new KafkaUri(BROKER.get().bootstrap(), "replay"), Duration.ofSeconds(30),
            1000)) {
            assertEquals(5, in.numStreams());
            assertEquals(16, in.numChannels());
            assertEquals(200, in.numSteps());
            assertEquals(replay(new EventsFileInput(file, "file"), 1000), replay(in, 30_000));
        }
    }

    @Test
    void aSleepyReaderPausesTheConsumerAndLosesNothing() throws Exception {
        EventsFile file = events(20, 300, 2);
        publish(file, "sleepy", false);
        try (KafkaSpikeInput in = new KafkaSpikeInput(new KafkaUri(BROKER.get().bootstrap(), "sleepy"), Duration.ofSeconds(30),
            SpikeTopicReader.MAX_POLL_RECORDS)) {
            List<String> seen = new ArrayList<>();
            long step = 0;
            while (true) {
                long s = step;
                int state = in.poll(step, (stream, channel, value) -> seen.add(stream + "/" + s + "/" + channel + "=" + value));
                if (state == SpikeInput.END) {
                    break;
                }
                if (state == SpikeInput.READY) {
                    step++;
                    if (step % 10 == 0) {
                        Thread.sleep(5); // an engine that lags: the queue fills, the consumer pauses
                    }
                }
            }
            assertTrue(in.pauses() > 0, "the consumer never paused");
            assertEquals(replay(new EventsFileInput(file, "file"), 1000), seen);
        }
    }

    @Test
    void aBrokerRestartDuringAPublishLosesNothingComplete() throws Exception {
        EventsFile file = events(4, 1500, 3);
        // The topic exists and is served first (a restart is about a live topic, not one being created);
        // paced at 1 ms per step, the publish takes 1.5 s; the broker restarts in its middle.
        SpikeTopicWriter.ensureTopic(BROKER.get().bootstrap(), "restart", 3);
        CompletableFuture<SpikePublisher.Result> publishing = CompletableFuture.supplyAsync(() -> publish(file,
            "restart", true));
        Thread.sleep(500);
        assertFalse(publishing.isDone(), "the publish ended before the restart");
        BROKER.get().restart();
        SpikePublisher.Result r = publishing.get(60, TimeUnit.SECONDS);
        assertEquals(3 + 4 * 1500 + 4, r.records());
        try (KafkaSpikeInput in = new KafkaSpikeInput(new KafkaUri(BROKER.get().bootstrap(), "restart"), Duration.ofSeconds(30),
            8192)) {
            assertEquals(replay(new EventsFileInput(file, "file"), 1000), replay(in, 60_000));
        }
    }

    /**
     * Regression: without waiting for the brokers to serve a new topic's partitions, about one new topic
     * in six left its header-only partition stuck until the delivery timeout (120 s).
     */
    @Test
    void recordsToFreshTopicsAreDeliveredAtOnce() throws Exception {
        for (int t = 0; t < 8; t++) {
            SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), "fresh" + t, 4, t % 2 == 0);
            try {
                w.header(new TopicHeader(TopicHeader.OUTPUTS, 3, 3, 1.0, 50, null, "test"));
                StepBatch b = new StepBatch();
                for (int step = 0; step < 50; step++) {
                    for (int s = 0; s < 3; s++) {
                        w.batch(b.reset(s, step).add(0, 1f).add(1, 2f).add(2, 3f), false);
                    }
                }
                CompletableFuture.runAsync(w::flush).get(20, TimeUnit.SECONDS);
                assertEquals(w.sent(), w.acknowledged(), "fresh" + t);
            } finally {
                w.close();
            }
        }
    }

    @Test
    void aRecordOutsideTheHeaderIsAOneLineErrorNamingTheTopic() throws Exception {
        try (SpikeTopicWriter w = new SpikeTopicWriter(BROKER.get().bootstrap(), "bad", 1, false)) {
            w.header(new TopicHeader(TopicHeader.EVENTS, 2, 16, 1.0, 10, null, "test"));
            w.batch(new StepBatch().reset(0, 0).add(3, 1f), false);
            w.batch(new StepBatch().reset(1, 0).add(16, 1f), false); // channel 16 of 16
            w.flush();
        }
        try (KafkaSpikeInput in = new KafkaSpikeInput(new KafkaUri(BROKER.get().bootstrap(), "bad"), Duration.ofSeconds(30),
            1000)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> replay(in, 30_000));
            String m = e.getCause().getMessage();
            assertTrue(m.contains("topic bad") && m.contains("channel") && m.contains("0 .. 15") && m.contains("16"), m);
            assertFalse(m.contains("\n"), m);
        }
        java.util.List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new KafkaSpikeInput(
            new KafkaUri(BROKER.get().bootstrap(), "absent"), Duration.ofSeconds(1), 1000, KafkaClientConfig.NONE,
            notices::add));
        assertTrue(missing.getMessage().contains("topic absent") && missing.getMessage().contains("does not exist"),
            missing.getMessage());
        // The wait for a publisher to create the topic is announced, once, in one line naming the topic.
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("topic absent") && notices.get(0).contains("waiting up to 1 s")
            && !notices.get(0).contains("\n"), notices.get(0));
    }
}
