package io.elmkit.flink;

/**
 * One step batch of one input stream as it flows through the job (a Flink POJO: public fields and a
 * no-argument constructor, so Flink serialises it without Kryo): the events of {@code stream} at
 * {@code step}, or, with {@code endSteps >= 0}, the stream's end: it has steps 0 .. endSteps - 1.
 */
public final class InputStep {
    public int stream;
    public long step;
    public int[] channel = new int[0];
    public float[] value = new float[0];
    /** -1 on a step batch; the stream's number of steps on an end-of-stream record. */
    public long endSteps = -1;

    public InputStep() {
    }

    public static InputStep batch(int stream, long step, int[] channel, float[] value) {
        if (channel.length != value.length) {
            throw new IllegalArgumentException("step batch (stream " + stream + ", step " + step + "): " + channel.length
                + " channels but " + value.length + " values");
        }
        InputStep r = new InputStep();
        r.stream = stream;
        r.step = step;
        r.channel = channel;
        r.value = value;
        return r;
    }

    public static InputStep end(int stream, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("end of stream " + stream + ": steps must be >= 0, got " + steps);
        }
        InputStep r = new InputStep();
        r.stream = stream;
        r.step = steps;
        r.endSteps = steps;
        return r;
    }

    public boolean isEnd() {
        return endSteps >= 0;
    }

    public int size() {
        return channel.length;
    }

    @Override
    public String toString() {
        return isEnd() ? "end of stream " + stream + " after " + endSteps + " steps"
            : "step batch (stream " + stream + ", step " + step + ", " + channel.length + " events)";
    }
}
