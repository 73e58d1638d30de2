package io.elmkit.flink;

/**
 * One step batch of one input stream as it flows through the job (a Flink POJO: public fields and a
 * no-argument constructor, so Flink serialises it without Kryo): the events of {@code stream} at
 * {@code step}, or, with {@code endSteps >= 0}, the stream's end: it has steps 0 .. endSteps - 1.
 */
public final class InputStep extends StreamStep {
    /** Channel of each event. */
    public int[] channel = new int[0];
    /** Value of each event. */
    public float[] value = new float[0];

    /** An empty record, for Flink's serialiser. */
    public InputStep() {
    }

    /** The events of one step of one stream. */
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

    /** The end of a stream after {@code steps} steps. */
    public static InputStep end(int stream, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("end of stream " + stream + ": steps must be >= 0, got " + steps);
        }
        InputStep r = new InputStep();
        r.markEnd(stream, steps);
        return r;
    }

    /** Number of events. */
    public int size() {
        return channel.length;
    }

    @Override
    String describeStep() {
        return "step batch (stream " + stream + ", step " + step + ", " + channel.length + " events)";
    }
}
