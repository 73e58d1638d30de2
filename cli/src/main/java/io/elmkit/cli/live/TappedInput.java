package io.elmkit.cli.live;

import io.elmkit.sim.engine.FixedShapeInput;
import io.elmkit.sim.engine.SpikeInput;

/**
 * An input passed through unchanged, reporting the watched stream's events to the live view and
 * keeping the figures of the input's lag: steps delivered, the wall time of its first poll and the
 * time the engine waited for it. Runs on the engine thread; the figures are published with the
 * recorder's next step.
 */
final class TappedInput extends FixedShapeInput implements SpikeInput.Events {
    private final SpikeInput in;
    /** Set (once, before the run) when the view starts watching; until then events pass through untouched. */
    volatile LiveFeed feed;
    final int streamBase;
    private Events downstream;
    private int watched;

    long delivered;
    long firstPollNanos = -1;
    long waitedNanos;
    private long waitStartNanos = -1;

    TappedInput(SpikeInput in, int streamBase) {
        super(in);
        this.in = in;
        this.streamBase = streamBase;
    }

    @Override
    public int poll(long step, Events sink) {
        if (firstPollNanos < 0) {
            firstPollNanos = System.nanoTime();
        }
        LiveFeed f = feed;
        int state;
        if (f == null) {
            state = in.poll(step, sink);
        } else {
            downstream = sink;
            watched = f.watchedStream() - streamBase;
            state = in.poll(step, this);
        }
        if (state == NOT_YET) {
            if (waitStartNanos < 0) {
                waitStartNanos = System.nanoTime(); // the clock is read only while the input is behind
            }
        } else {
            if (waitStartNanos >= 0) {
                waitedNanos += System.nanoTime() - waitStartNanos;
                waitStartNanos = -1;
            }
            if (state == READY) {
                delivered++;
            }
        }
        return state;
    }

    @Override
    public void onEvent(int stream, int channel, float value) {
        downstream.onEvent(stream, channel, value);
        if (stream == watched) {
            feed.inputEvent(stream + streamBase, channel);
        }
    }

    @Override
    public void close() {
        in.close();
    }
}
