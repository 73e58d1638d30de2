package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;

/**
 * One record of a spike topic (docs/formats.md, Spike topics): the topic's header, one step batch
 * of one stream (spike events, or its neurons' outputs with the neurons that spiked), or the end of a stream.
 * The Kafka key is the stream id ({@link SpikeTopic#KEY_SERIALIZER}), null for a header.
 */
public final class SpikeRecord {
    /** What a record carries. */
    public enum Kind { HEADER, BATCH, END }

    private final Kind kind;
    private final TopicHeader header;
    private final StepBatch batch;
    private static final int[] NONE = new int[0];
    private static final int[] FIRST = {0};

    private final int[] spikes;
    private final int stream;
    private final long endSteps;

    private SpikeRecord(Kind kind, TopicHeader header, StepBatch batch, int[] spikes, int stream, long endSteps) {
        this.kind = kind;
        this.header = header;
        this.batch = batch;
        this.spikes = spikes;
        this.stream = stream;
        this.endSteps = endSteps;
    }

    /** The topic's header (written first to every partition). */
    public static SpikeRecord header(TopicHeader header) {
        return new SpikeRecord(Kind.HEADER, header, null, NONE, -1, -1);
    }

    /** A step batch of spike events (its stream and step are the batch's). */
    public static SpikeRecord batch(StepBatch batch) {
        return new SpikeRecord(Kind.BATCH, null, batch, NONE, batch.streamId(), -1);
    }

    /** A step batch of one neuron's outputs (channel = output index), {@code spiked} when it spiked at that step. */
    public static SpikeRecord batch(StepBatch batch, boolean spiked) {
        return batch(batch, spiked ? FIRST : NONE);
    }

    /**
     * A step batch of a stream's neurons' outputs (channel = neuron x num_output + output index);
     * {@code spikes}: the neurons (0 ..) that spiked at that step, in increasing order.
     */
    public static SpikeRecord batch(StepBatch batch, int[] spikes) {
        return new SpikeRecord(Kind.BATCH, null, batch, spikes.length == 0 ? NONE : spikes, batch.streamId(), -1);
    }

    /** The end of {@code stream}: it has no records after this one; it spans {@code steps} steps (0 .. steps - 1). */
    public static SpikeRecord end(int stream, long steps) {
        return new SpikeRecord(Kind.END, null, null, NONE, stream, steps);
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

    /** Outputs topics: a neuron of the batch's stream spiked at its step. */
    public boolean spiked() {
        return spikes.length > 0;
    }

    /** Outputs topics: the neurons of the stream that spiked at the batch's step, in increasing order (do not modify). */
    public int[] spikes() {
        return spikes;
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
                + (spikes.length > 0 ? ", spikes " + java.util.Arrays.toString(spikes) : "") + ")";
        }
    }
}
