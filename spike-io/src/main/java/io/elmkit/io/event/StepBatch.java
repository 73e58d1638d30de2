package io.elmkit.io.event;

import java.util.Arrays;

/**
 * The spike events of one stream at one time step: (stream id, step, channel, value) with the
 * stream and step shared, plus each event's time in seconds where the source has it (SHD spike
 * times). Either every event of a batch has a time or none has: the first {@code add} after
 * {@link #reset(int, long)} decides. Reusable and growable: {@link #reset(int, long)} then
 * {@link #add}; adding allocates only when the arrays grow.
 */
public final class StepBatch {
    private int streamId;
    private long step;
    private int count;
    private boolean hasTimes;
    private int[] channels;
    private float[] values;
    /** Allocated by the first timed add. */
    private double[] timesS;

    /** An empty batch with room for 64 events. */
    public StepBatch() {
        this(64);
    }

    /** An empty batch with room for {@code initialCapacity} events before it grows. */
    public StepBatch(int initialCapacity) {
        channels = new int[Math.max(1, initialCapacity)];
        values = new float[channels.length];
    }

    /** Empties the batch (with or without times again) and sets its stream and step. */
    public StepBatch reset(int streamId, long step) {
        this.streamId = streamId;
        this.step = step;
        this.count = 0;
        this.hasTimes = false;
        return this;
    }

    /**
     * Adds an event without a time.
     *
     * @throws IllegalStateException if the batch's events carry times
     */
    public StepBatch add(int channel, float value) {
        if (hasTimes && count > 0) {
            throw new IllegalStateException(mixing("without", "with"));
        }
        hasTimes = false;
        grow();
        channels[count] = channel;
        values[count] = value;
        count++;
        return this;
    }

    /**
     * Adds an event with its time in seconds.
     *
     * @throws IllegalStateException if the batch's events carry no times
     */
    public StepBatch add(int channel, float value, double timeS) {
        if (!hasTimes && count > 0) {
            throw new IllegalStateException(mixing("with", "without"));
        }
        hasTimes = true;
        grow();
        if (timesS == null || timesS.length < channels.length) {
            timesS = timesS == null ? new double[channels.length] : Arrays.copyOf(timesS, channels.length);
        }
        channels[count] = channel;
        values[count] = value;
        timesS[count] = timeS;
        count++;
        return this;
    }

    private String mixing(String adding, String held) {
        return "step batch (stream " + streamId + ", step " + step + "): cannot add an event " + adding
            + " a time to " + count + " events " + held + " times (a batch's events all carry a time or none does)";
    }

    private void grow() {
        if (count == channels.length) {
            channels = Arrays.copyOf(channels, count * 2);
            values = Arrays.copyOf(values, count * 2);
            if (timesS != null) {
                timesS = Arrays.copyOf(timesS, count * 2);
            }
        }
    }

    /** The stream (e.g. the sample) the events belong to. */
    public int streamId() {
        return streamId;
    }

    /** The time step the events belong to. */
    public long step() {
        return step;
    }

    /** Number of events. */
    public int size() {
        return count;
    }

    /** Whether the events carry times in seconds (false for an empty batch). */
    public boolean hasTimes() {
        return hasTimes && count > 0;
    }

    /** The channel of event i. */
    public int channel(int i) {
        return channels[i];
    }

    /** The value of event i. */
    public float value(int i) {
        return values[i];
    }

    /**
     * Time in seconds of event {@code i}.
     *
     * @throws IllegalStateException if the events carry no times
     */
    public double timeS(int i) {
        if (!hasTimes()) {
            throw new IllegalStateException("step batch (stream " + streamId + ", step " + step + "): events carry no times");
        }
        return timesS[i];
    }
}
