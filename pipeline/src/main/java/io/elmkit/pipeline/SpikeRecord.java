package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;

/**
 * One record of a spike topic (docs/formats.md, Spike topics): the topic's header, one step batch
 * of one stream (spike events, or a neuron's outputs with its spike flag), or the end of a stream.
 * The Kafka key is the stream id ({@link SpikeTopic#KEY_SERIALIZER}), null for a header.
 */
public final class SpikeRecord {
    /** What a record carries. */
    public enum Kind { HEADER, BATCH, END }

    private final Kind kind;
    private final TopicHeader header;
    private final StepBatch batch;
    private final boolean spiked;
    private final int stream;
    private final long endSteps;

    private SpikeRecord(Kind kind, TopicHeader header, StepBatch batch, boolean spiked, int stream, long endSteps) {
        this.kind = kind;
        this.header = header;
        this.batch = batch;
        this.spiked = spiked;
        this.stream = stream;
        this.endSteps = endSteps;
    }

    /** The topic's header (written first to every partition). */
    public static SpikeRecord header(TopicHeader header) {
        return new SpikeRecord(Kind.HEADER, header, null, false, -1, -1);
    }

    /** A step batch of spike events (its stream and step are the batch's). */
    public static SpikeRecord batch(StepBatch batch) {
        return new SpikeRecord(Kind.BATCH, null, batch, false, batch.streamId(), -1);
    }

    /** A step batch of outputs (channel = output index), {@code spiked} when the neuron spiked at that step. */
    public static SpikeRecord batch(StepBatch batch, boolean spiked) {
        return new SpikeRecord(Kind.BATCH, null, batch, spiked, batch.streamId(), -1);
    }

    /** The end of {@code stream}: it has no records after this one; it spans {@code steps} steps (0 .. steps - 1). */
    public static SpikeRecord end(int stream, long steps) {
        return new SpikeRecord(Kind.END, null, null, false, stream, steps);
    }

    /** What the record carries. */
    public Kind kind() {
        return kind;
    }

    /** The header of a {@link Kind#HEADER} record, else null. */
    public TopicHeader header() {
        return header;
    }

    /** The batch of a {@link Kind#BATCH} record, else null. */
    public StepBatch batch() {
        return batch;
    }

    /** Outputs topics: the neuron spiked at the batch's step. */
    public boolean spiked() {
        return spiked;
    }

    /** The stream of a batch or end record; -1 for a header. */
    public int stream() {
        return stream;
    }

    /** The steps of the stream an end record closes; -1 otherwise. */
    public long endSteps() {
        return endSteps;
    }

    @Override
    public String toString() {
        switch (kind) {
            case HEADER: return "header " + header;
            case END: return "end of stream " + stream + " after " + endSteps + " steps";
            default: return "batch (stream " + stream + ", step " + batch.step() + ", " + batch.size() + " events"
                + (spiked ? ", spiked" : "") + ")";
        }
    }
}
