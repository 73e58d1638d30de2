package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.engine.SpikeInput;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes an engine input (an events file, a journal, binned SHD: the readers {@code elmkit run}
 * uses) as a spike topic: the header, then step by step one batch per stream (empty ones too, so a
 * live consumer knows the step is over), then an end record per stream. With {@code realtime}, step
 * s goes out at start + s * dt_ms of wall-clock time.
 */
public final class SpikePublisher {
    /** What was sent: records (headers and ends included), events, steps; seconds from first to last acknowledged. */
    public record Result(long records, long events, long steps, double seconds) {
        /** Records per second of the send. */
        public double recordsPerSecond() {
            return records / Math.max(seconds, 1e-9);
        }

        /** Events per second of the send. */
        public double eventsPerSecond() {
            return events / Math.max(seconds, 1e-9);
        }
    }

    /** Called after each step is handed to the producer (step, its send time in System.nanoTime). */
    @FunctionalInterface
    public interface StepListener {
        /** A step handed to the producer at {@code nanoTime}. */
        void sent(long step, long nanoTime);
    }

    private SpikePublisher() {
    }

    /** Publishes every step of {@code source} through {@code writer}, paced to the clock when {@code realtime}. */
    public static Result publish(SpikeInput source, long[] labels, String sourceName, SpikeTopicWriter writer,
                                 boolean realtime, ProgressMeter progress, StepListener listener) {
        int streams = source.numStreams();
        double dtMs = source.dtMs();
        if (realtime && !(dtMs > 0)) {
            throw new IllegalArgumentException(sourceName + ": --realtime needs the input's dt_ms, found " + dtMs);
        }
        writer.header(new TopicHeader(TopicHeader.EVENTS, streams, source.numChannels(), dtMs, source.numSteps(), labels,
            sourceName));
        StepBatch[] batches = new StepBatch[streams];
        for (int s = 0; s < streams; s++) {
            batches[s] = new StepBatch();
        }
        long[] events = {0};
        long start = System.nanoTime();
        long step = 0;
        while (true) {
            for (int s = 0; s < streams; s++) {
                batches[s].reset(s, step);
            }
            int state = source.poll(step, (stream, channel, value) -> {
                batches[stream].add(channel, value);
                events[0]++;
            });
            if (state == SpikeInput.END) {
                break;
            }
            if (state == SpikeInput.NOT_YET) {
                LockSupport.parkNanos(100_000); // a live source: its step is not complete yet
                continue;
            }
            if (realtime) {
                long due = start + (long) (step * dtMs * 1e6);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            for (int s = 0; s < streams; s++) {
                writer.batch(batches[s], false);
            }
            if (listener != null) {
                listener.sent(step, System.nanoTime());
            }
            progress.advance(streams);
            step++;
        }
        for (int s = 0; s < streams; s++) {
            writer.end(s, step);
        }
        writer.flush();
        progress.finish();
        return new Result(writer.sent(), events[0], step, (System.nanoTime() - start) / 1e9);
    }
}
