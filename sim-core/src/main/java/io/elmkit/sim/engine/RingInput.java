package io.elmkit.sim.engine;

import io.elmkit.io.ring.SpikeRing;
import io.elmkit.io.ring.StepMerger;

/**
 * Live input from a {@link SpikeRing}: producers publish step batches (stream id, step, events) and
 * end their stream with {@link SpikeRing#finish}. A step is complete once every unfinished stream
 * has published a later step, so producers that run ahead are held back only by the ring's
 * capacity (back-pressure), never dropped. Silent steps need no message: publishing step t + 5
 * completes steps t .. t + 4. The input ends when every stream has finished and its last published
 * step has been delivered.
 */
public final class RingInput extends FixedShapeInput {
    private static final int DRAIN_LIMIT = 256;

    private final SpikeRing ring;
    private final StepMerger merger;
    private long wantedStep;
    private Events currentSink;
    private final StepMerger.StepHandler forward = (step, stream, channel, value) -> {
        if (channel < 0 || channel >= numChannels()) {
            throw new IllegalArgumentException(describe() + ": stream " + stream + " step " + step + ": channel "
                + channel + " outside 0.." + (numChannels() - 1));
        }
        currentSink.onEvent(stream, channel, value);
    };

    /** Live input from {@code ring}: {@code streams} producers, each finishing its stream with {@link SpikeRing#finish}. */
    public RingInput(SpikeRing ring, int streams, int numChannels, double dtMs, String name) {
        super(streams, numChannels, dtMs, -1, name);
        this.ring = ring;
        this.merger = new StepMerger(streams, 0);
    }

    @Override
    public int poll(long step, Events sink) {
        if (step != wantedStep) {
            throw new IllegalStateException(describe() + ": asked for step " + step + ", expected " + wantedStep);
        }
        // Drain what is there (bounded per call so a flood cannot starve the engine's other work).
        ring.drain(merger, DRAIN_LIMIT);
        long complete = merger.completeStep();
        if (complete < 0) {
            if (merger.allFinished()) {
                if (step <= merger.lastStepPublished()) {
                    wantedStep++;
                    return READY; // a silent step inside the published range
                }
                return END;
            }
            return NOT_YET;
        }
        currentSink = sink;
        try {
            merger.pollStep(forward);
        } finally {
            currentSink = null;
        }
        wantedStep++;
        return READY;
    }
}
