package io.elmkit.io.ring;

import io.elmkit.io.event.StepBatchCodec;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * Merges step batches from several streams into whole time steps: step t is complete once every
 * registered stream has published a batch for a later step (or declared it finished), since each
 * stream publishes its steps in order. Events of a step are kept in growable primitive arrays;
 * {@link #pollStep} hands out the oldest complete step. Times in seconds travel with the events
 * that have them ({@link #pollTimedStep}; NaN for events published without). Single-threaded (the
 * consumer's thread).
 */
public final class StepMerger implements SpikeRing.Handler {
    private final int streams;
    private final long[] lastStepSeen;
    private long nextStep;
    // Pending events (any step >= nextStep), unsorted.
    private long[] pendingStep = new long[1024];
    private int[] pendingStream = new int[1024];
    private int[] pendingChannel = new int[1024];
    private float[] pendingValue = new float[1024];
    private double[] pendingTimeS = new double[1024];
    private int pending;
    private final boolean[] finished;

    /** A merger of {@code streams} streams starting at step {@code firstStep}. */
    public StepMerger(int streams, long firstStep) {
        this.streams = streams;
        this.lastStepSeen = new long[streams];
        Arrays.fill(lastStepSeen, firstStep - 1);
        this.finished = new boolean[streams];
        this.nextStep = firstStep;
    }

    @Override
    public void onStepBatch(DirectBuffer buffer, int offset, int length) {
        int stream = StepBatchCodec.streamId(buffer, offset);
        long step = StepBatchCodec.step(buffer, offset);
        checkOrder(stream, step);
        int n = StepBatchCodec.count(buffer, offset);
        boolean timed = StepBatchCodec.hasTimes(buffer, offset);
        for (int i = 0; i < n; i++) {
            addPending(step, stream, StepBatchCodec.channel(buffer, offset, i), StepBatchCodec.value(buffer, offset, i),
                timed ? StepBatchCodec.timeS(buffer, offset, i) : Double.NaN);
        }
    }

    /** Takes a decoded batch (e.g. replayed from a journal), as {@link #onStepBatch} takes an encoded one. */
    public void accept(io.elmkit.io.event.StepBatch batch) {
        checkOrder(batch.streamId(), batch.step());
        for (int i = 0; i < batch.size(); i++) {
            addPending(batch.step(), batch.streamId(), batch.channel(i), batch.value(i),
                batch.hasTimes() ? batch.timeS(i) : Double.NaN);
        }
    }

    @Override
    public void onEndOfStream(int streamId) {
        if (streamId < 0 || streamId >= streams) {
            throw new IllegalArgumentException("stream " + streamId + " outside the " + streams + " registered streams");
        }
        finish(streamId);
    }

    private void checkOrder(int stream, long step) {
        if (stream < 0 || stream >= streams) {
            throw new IllegalArgumentException("stream " + stream + " outside the " + streams + " registered streams");
        }
        if (finished[stream]) {
            throw new IllegalStateException("stream " + stream + " published step " + step + " after it finished");
        }
        if (step < lastStepSeen[stream] || step < nextStep) {
            throw new IllegalStateException("stream " + stream + " published step " + step + " after step "
                + Math.max(lastStepSeen[stream], nextStep - 1) + ": steps must not go back");
        }
        lastStepSeen[stream] = step;
    }

    private void addPending(long step, int stream, int channel, float value, double timeS) {
        if (pending == pendingStep.length) {
            int cap = pending * 2;
            pendingStep = Arrays.copyOf(pendingStep, cap);
            pendingStream = Arrays.copyOf(pendingStream, cap);
            pendingChannel = Arrays.copyOf(pendingChannel, cap);
            pendingValue = Arrays.copyOf(pendingValue, cap);
            pendingTimeS = Arrays.copyOf(pendingTimeS, cap);
        }
        pendingStep[pending] = step;
        pendingStream[pending] = stream;
        pendingChannel[pending] = channel;
        pendingValue[pending] = value;
        pendingTimeS[pending] = timeS;
        pending++;
    }

    /** True when every stream has finished. */
    public boolean allFinished() {
        for (boolean f : finished) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    /** The largest step any stream has published (empty batches included), or firstStep - 1. */
    public long lastStepPublished() {
        long max = Long.MIN_VALUE;
        for (long s : lastStepSeen) {
            max = Math.max(max, s);
        }
        return max;
    }

    /** Declares that {@code stream} publishes nothing more (its steps no longer hold others back). */
    public void finish(int stream) {
        finished[stream] = true;
    }

    /** The oldest step every stream has moved past, or -1 when none is complete yet. */
    public long completeStep() {
        long watermark = Long.MAX_VALUE;
        for (int s = 0; s < streams; s++) {
            if (!finished[s]) {
                watermark = Math.min(watermark, lastStepSeen[s]);
            }
        }
        // A stream that published step w may still add to w (split batches), so w itself is not complete.
        if (watermark == Long.MAX_VALUE) {
            return pending > 0 || nextStep <= maxPendingStep() ? nextStep : -1;
        }
        return nextStep < watermark ? nextStep : -1;
    }

    private long maxPendingStep() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < pending; i++) {
            max = Math.max(max, pendingStep[i]);
        }
        return max;
    }

    /** Receives the events of one complete step. */
    @FunctionalInterface
    public interface StepHandler {
        /** One event of the complete step {@code step}. */
        void onEvent(long step, int stream, int channel, float value);
    }

    /** Receives the events of one complete step with their times in seconds. */
    @FunctionalInterface
    public interface TimedStepHandler {
        /** {@code timeS} is NaN for an event published without a time. */
        void onEvent(long step, int stream, int channel, float value, double timeS);
    }

    /**
     * Hands the events of the oldest complete step (in arrival order) to {@code handler} and
     * advances; returns the step, or -1 when no step is complete.
     */
    public long pollStep(StepHandler handler) {
        return poll(handler, null);
    }

    /** As {@link #pollStep}, with each event's time in seconds (NaN where it was published without). */
    public long pollTimedStep(TimedStepHandler handler) {
        return poll(null, handler);
    }

    private long poll(StepHandler handler, TimedStepHandler timedHandler) {
        long step = completeStep();
        if (step < 0) {
            return -1;
        }
        int kept = 0;
        for (int i = 0; i < pending; i++) {
            if (pendingStep[i] == step) {
                if (handler != null) {
                    handler.onEvent(step, pendingStream[i], pendingChannel[i], pendingValue[i]);
                } else {
                    timedHandler.onEvent(step, pendingStream[i], pendingChannel[i], pendingValue[i], pendingTimeS[i]);
                }
            } else {
                pendingStep[kept] = pendingStep[i];
                pendingStream[kept] = pendingStream[i];
                pendingChannel[kept] = pendingChannel[i];
                pendingValue[kept] = pendingValue[i];
                pendingTimeS[kept] = pendingTimeS[i];
                kept++;
            }
        }
        pending = kept;
        nextStep = step + 1;
        return step;
    }
}
