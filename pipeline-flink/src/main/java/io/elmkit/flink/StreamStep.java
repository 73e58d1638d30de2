package io.elmkit.flink;

/**
 * What every record of the job carries (a Flink POJO base: public fields, so Flink's POJO serialiser
 * includes them): the stream and step it belongs to, or, with {@code endSteps >= 0}, the marker of
 * the stream's end after steps 0 .. endSteps - 1.
 */
public abstract class StreamStep {
    /** The stream (sample). */
    public int stream;
    /** The step (the stream's step count on an end marker). */
    public long step;
    /** -1 on a step's record; on the marker of a stream's end, the stream's number of steps. */
    public long endSteps = -1;

    /** Makes this the marker of the end of {@code stream} after {@code steps} steps. */
    final void markEnd(int stream, long steps) {
        this.stream = stream;
        this.step = steps;
        this.endSteps = steps;
    }

    /** Whether this marks the end of its stream. */
    public boolean isEnd() {
        return endSteps >= 0;
    }

    /** What a step's record holds, for {@link #toString}. */
    abstract String describeStep();

    @Override
    public final String toString() {
        return isEnd() ? "end of stream " + stream + " after " + endSteps + " steps" : describeStep();
    }
}
