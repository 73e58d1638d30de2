package io.elmkit.flink;

import io.elmkit.cli.live.LiveFeed;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.sim.engine.StepOutputs;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code elmkit flink --serve} with a Kafka input: the raster's input events. The job's outputs do
 * not carry them, so the client reads the input topic itself (a reader of its own, from the start,
 * read_committed, as the job's source reads it). A thread queues the batches per stream (a stream's
 * steps come in order), {@value #MAX_QUEUED} in all at most: when the view lags, the reader waits
 * and its consumer pauses Kafka. Before the view gets a step, this drops every queued batch up to
 * that step and hands on the watched stream's events of it; batches of steps the view has already
 * passed are skipped.
 */
final class TopicRaster implements LiveFeed, AutoCloseable {
    static final int MAX_QUEUED = 1 << 16;

    private final LiveFeed view;
    private final SpikeTopicReader reader;
    private final ConcurrentLinkedQueue<StepBatch>[] queued;
    private final AtomicInteger count = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    /** The last step handed to the view: the reader skips batches up to it. */
    private volatile long shown = -1;

    @SuppressWarnings("unchecked") // Java makes no arrays of a generic type: one of wildcards, cast
    TopicRaster(LiveFeed view, KafkaTopics.Address in, int streams) {
        this.view = view;
        this.queued = (ConcurrentLinkedQueue<StepBatch>[]) new ConcurrentLinkedQueue<?>[streams];
        for (int s = 0; s < streams; s++) {
            queued[s] = new ConcurrentLinkedQueue<>();
        }
        this.reader = new SpikeTopicReader(in.bootstrap(), in.topic(), 8192, Duration.ofSeconds(30), in.client());
        this.thread = new Thread(this::read, "live-raster-" + in.topic());
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            reader.header(Duration.ofSeconds(30));
            while (running && !reader.allEnded()) {
                SpikeRecord r = reader.next(200_000_000L);
                if (r == null || r.kind() != SpikeRecord.Kind.BATCH || r.batch().size() == 0) {
                    continue;
                }
                StepBatch b = r.batch();
                if (b.streamId() >= queued.length || b.step() <= shown) {
                    continue;
                }
                while (running && count.get() >= MAX_QUEUED) {
                    Thread.sleep(5); // the view lags: wait (the reader's own queue fills, and it pauses Kafka)
                }
                queued[b.streamId()].add(b);
                count.incrementAndGet();
            }
        } catch (InputFormatException | RuntimeException e) {
            // The job reads the same records and fails on a bad one with its message; the raster just stops.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int watchedStream() {
        return view.watchedStream();
    }

    @Override
    public void inputEvent(int stream, int channel) {
        view.inputEvent(stream, channel);
    }

    @Override
    public void onStep(StepOutputs outputs) {
        long step = outputs.step();
        int watched = view.watchedStream();
        for (int s = 0; s < queued.length; s++) {
            ConcurrentLinkedQueue<StepBatch> q = queued[s];
            StepBatch b;
            while ((b = q.peek()) != null && b.step() <= step) {
                q.poll();
                count.decrementAndGet();
                if (s == watched && b.step() == step) {
                    for (int i = 0; i < b.size(); i++) {
                        view.inputEvent(watched, b.channel(i));
                    }
                }
            }
        }
        shown = step;
        view.onStep(outputs);
    }

    @Override
    public void onEnd(long steps) {
        view.onEnd(steps);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt(); // out of a wait for the view
        reader.close(); // the thread's next read then fails and it ends (a daemon: it never holds the JVM)
    }
}
