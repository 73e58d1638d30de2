package io.elmkit.flink;

/**
 * One step batch of one input stream as it flows through the job (a Flink POJO: public fields and a
 * no-argument constructor, so Flink serialises it without Kryo): the events of {@code stream} at
 * {@code step}, or, with {@code endSteps >= 0}, the stream's end: it has steps 0 .. endSteps - 1.
 * With {@code fromStream >= 0} it is a feedback record of {@code --connections} instead
 * ({@link FeedbackSchema}): the neurons of stream {@code fromStream} that spiked at {@code step}, sent
 * to stream {@code stream} which they connect to (or, as an end marker, that {@code fromStream} ended).
 */
public final class InputStep extends StreamStep {
    /** Channel of each event. */
    public int[] channel = new int[0];
    /** Value of each event. */
    public float[] value = new float[0];

    /** The stream whose spikes a feedback record carries; -1 on an input record. */
    public int fromStream = -1;
    /** A feedback record's neurons of {@code fromStream} that spiked, in increasing order. */
    public int[] spikes = new int[0];
    /**
     * Whether this is the notice that every stream has ended (sent to every key by {@link EndsCollector},
     * {@code endSteps} the latest end).
     */
    public boolean everyStreamEnded;

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

    /** The spikes of {@code from}'s neurons at {@code step}, for stream {@code to} (may be none: the step is done). */
    public static InputStep feedback(int to, int from, long step, int[] spikes) {
        InputStep r = batch(to, step, new int[0], new float[0]);
        r.fromStream = from;
        r.spikes = spikes;
        return r;
    }

    /** For stream {@code to}: stream {@code from} ended after {@code steps} steps (no spikes of later steps will come). */
    public static InputStep feedbackEnd(int to, int from, long steps) {
        InputStep r = new InputStep();
        r.markEnd(to, steps);
        r.fromStream = from;
        return r;
    }

    /** For stream {@code to}: every stream's input has ended, the last after {@code steps} steps. */
    public static InputStep allEnded(int to, long steps) {
        InputStep r = end(to, steps);
        r.everyStreamEnded = true;
        return r;
    }

    /** Whether this tells the key that every stream has ended (rather than its own input or feedback). */
    public boolean isEndNotice() {
        return everyStreamEnded;
    }

    /** Whether this is a feedback record (spikes or end of another stream) rather than the key's own input. */
    public boolean isFeedback() {
        return fromStream >= 0;
    }

    /** Number of events. */
    public int size() {
        return channel.length;
    }

    @Override
    String describeStep() {
        if (isFeedback()) {
            return "spikes of stream " + fromStream + " for stream " + stream + " (step " + step + ", " + spikes.length
                + " neurons)";
        }
        return "step batch (stream " + stream + ", step " + step + ", " + channel.length + " events)";
    }
}
