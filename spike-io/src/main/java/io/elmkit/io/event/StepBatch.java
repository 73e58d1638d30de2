package io.elmkit.io.event;

import java.util.Arrays;

/**
 * The spike events of one stream at one time step: (stream id, step, channel, value) with the
 * stream and step shared. Reusable and growable: {@link #reset(int, long)} then {@link #add}.
 */
public final class StepBatch {
    private int streamId;
    private long step;
    private int count;
    private int[] channels;
    private float[] values;

    public StepBatch() {
        this(64);
    }

    public StepBatch(int initialCapacity) {
        channels = new int[Math.max(1, initialCapacity)];
        values = new float[channels.length];
    }

    /** Empties the batch and sets its stream and step. */
    public StepBatch reset(int streamId, long step) {
        this.streamId = streamId;
        this.step = step;
        this.count = 0;
        return this;
    }

    public StepBatch add(int channel, float value) {
        if (count == channels.length) {
            channels = Arrays.copyOf(channels, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        channels[count] = channel;
        values[count] = value;
        count++;
        return this;
    }

    public int streamId() {
        return streamId;
    }

    public long step() {
        return step;
    }

    public int size() {
        return count;
    }

    public int channel(int i) {
        return channels[i];
    }

    public float value(int i) {
        return values[i];
    }
}
