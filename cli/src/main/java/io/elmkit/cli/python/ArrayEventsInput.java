package io.elmkit.cli.python;

import io.elmkit.sim.engine.FixedShapeInput;

/**
 * Engine input from event arrays handed over by Python: rows (stream, step, channel, value),
 * sorted by step (the Python side sorts them, stably). Every row is checked once here, at the
 * boundary; {@link #poll} then only walks the arrays.
 */
public final class ArrayEventsInput extends FixedShapeInput {
    private final int[] stream;
    private final int[] step;
    private final int[] channel;
    private final float[] value;
    private int next;

    /**
     * @param numSteps steps this input lasts (at least the last event's step + 1)
     * @param name names the arrays in errors and reports
     */
    public ArrayEventsInput(int numStreams, int numChannels, double dtMs, long numSteps,
                            int[] stream, int[] step, int[] channel, float[] value, String name) {
        super(numStreams, numChannels, dtMs, numSteps, name);
        check(numStreams, numChannels, numSteps, stream, step, channel, value, name);
        this.stream = stream;
        this.step = step;
        this.channel = channel;
        this.value = value;
    }

    /** Every row checked once, at the boundary. */
    private static void check(int numStreams, int numChannels, long numSteps, int[] stream, int[] step, int[] channel,
                              float[] value, String name) {
        if (numStreams < 1 || numChannels < 1) {
            throw new IllegalArgumentException(name + ": streams and channels: expected >= 1, found "
                + numStreams + " streams, " + numChannels + " channels");
        }
        if (numSteps < 0) {
            throw new IllegalArgumentException(name + ": num_steps: expected >= 0, found " + numSteps);
        }
        int n = stream.length;
        if (step.length != n || channel.length != n || value.length != n) {
            throw new IllegalArgumentException(name + ": stream, step, channel and value: expected equal lengths, found "
                + n + ", " + step.length + ", " + channel.length + ", " + value.length);
        }
        for (int i = 0; i < n; i++) {
            if (stream[i] < 0 || stream[i] >= numStreams) {
                throw new IllegalArgumentException(name + ": stream[" + i + "]: expected 0.." + (numStreams - 1) + ", found " + stream[i]);
            }
            if (channel[i] < 0 || channel[i] >= numChannels) {
                throw new IllegalArgumentException(name + ": channel[" + i + "]: expected 0.." + (numChannels - 1) + ", found " + channel[i]);
            }
            if (step[i] < 0 || step[i] >= numSteps) {
                throw new IllegalArgumentException(name + ": step[" + i + "]: expected 0.." + (numSteps - 1) + ", found " + step[i]);
            }
            if (i > 0 && step[i] < step[i - 1]) {
                throw new IllegalArgumentException(name + ": step[" + i + "]: expected steps in increasing order, found "
                    + step[i] + " after " + step[i - 1]);
            }
            if (!Float.isFinite(value[i])) {
                throw new IllegalArgumentException(name + ": value[" + i + "]: expected a finite number, found " + value[i]);
            }
        }
    }

    @Override
    public int poll(long localStep, Events sink) {
        if (localStep >= numSteps()) {
            return END;
        }
        while (next < step.length && step[next] == localStep) {
            sink.onEvent(stream[next], channel[next], value[next]);
            next++;
        }
        return READY;
    }
}
