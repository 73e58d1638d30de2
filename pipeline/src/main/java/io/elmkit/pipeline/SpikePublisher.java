package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.SpikeInput;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes an events file (with its times) or an engine input (a journal) as a spike topic: the header, then step by step one batch per stream (empty ones too, so a
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

    /**
     * Publishes an engine input (a journal, any live source): its events as the input hands them
     * over, without times.
     */
    public static Result publish(SpikeInput source, long[] labels, String sourceName, SpikeTopicWriter writer,
                                 boolean realtime, ProgressMeter progress, StepListener listener) {
        TopicHeader header = new TopicHeader(TopicHeader.EVENTS, source.numStreams(), source.numChannels(), source.dtMs(),
            source.numSteps(), labels, sourceName);
        StepBatch[][] filling = {null};
        SpikeInput.Events add = (stream, channel, value) -> filling[0][stream].add(channel, value);
        return send(header, (step, batches) -> {
            filling[0] = batches;
            return source.poll(step, add);
        }, writer, realtime, progress, listener);
    }

    /**
     * Publishes an events file (checked as {@code elmkit run} reads it) event for event as the file
     * holds it: several events of a (sample, step, channel) stay apart (readers sum them,
     * {@link ChannelSums}), each with its {@code time_s} when the file has them.
     */
    public static Result publish(EventsFile file, String sourceName, SpikeTopicWriter writer, boolean realtime,
                                 ProgressMeter progress, StepListener listener) {
        EventsFileInput input = new EventsFileInput(file, sourceName); // checks the shape as run does
        TopicHeader header = new TopicHeader(TopicHeader.EVENTS, input.numStreams(), (int) file.numChannels, file.dtMs,
            file.numSteps, file.labels, sourceName);
        StepBatch[][] filling = {null};
        EventsFileInput.EventIndices add = file.timeS != null
            ? (stream, i) -> filling[0][stream].add(file.channel[i], file.value[i], file.timeS[i])
            : (stream, i) -> filling[0][stream].add(file.channel[i], file.value[i]);
        return send(header, (step, batches) -> {
            filling[0] = batches;
            return input.pollIndices(step, add);
        }, writer, realtime, progress, listener);
    }

    /** One step of every stream into its batch (reset by the caller); SpikeInput.READY, NOT_YET or END. */
    @FunctionalInterface
    private interface Steps {
        int fill(long step, StepBatch[] batches);
    }

    private static Result send(TopicHeader header, Steps steps, SpikeTopicWriter writer, boolean realtime,
                               ProgressMeter progress, StepListener listener) {
        int streams = header.numStreams();
        double dtMs = header.dtMs();
        if (realtime && !(dtMs > 0)) {
            throw new IllegalArgumentException(header.source() + ": --realtime needs the input's dt_ms, found " + dtMs);
        }
        writer.header(header);
        StepBatch[] batches = new StepBatch[streams];
        for (int s = 0; s < streams; s++) {
            batches[s] = new StepBatch();
        }
        long events = 0;
        long start = System.nanoTime();
        long step = 0;
        while (true) {
            for (int s = 0; s < streams; s++) {
                batches[s].reset(s, step);
            }
            int state = steps.fill(step, batches);
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
                events += batches[s].size();
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
        return new Result(writer.sent(), events, step, (System.nanoTime() - start) / 1e9);
    }
}
