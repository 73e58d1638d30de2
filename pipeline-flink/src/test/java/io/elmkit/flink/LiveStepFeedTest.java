package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.cli.live.LiveFeed;
import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.engine.StepOutputs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client-side feed of `flink --serve`: per-stream records in, one step-ordered call sequence out, bounded. */
class LiveStepFeedTest {

    /** Records the calls as text: "e s:c" per input event, "step t: id=value..., spikes [...]" per step, "end n". */
    static final class Calls implements LiveFeed {
        final List<String> calls = new ArrayList<>();
        int watched;

        @Override
        public int watchedStream() {
            return watched;
        }

        @Override
        public void inputEvent(int stream, int channel) {
            calls.add("e " + stream + ":" + channel);
        }

        @Override
        public void onStep(StepOutputs o) {
            StringBuilder b = new StringBuilder("step " + o.step() + ":");
            for (int id = 0; id < o.neuronIdBound(); id++) {
                b.append(' ').append(id).append('=').append(o.isLive(id) ? Float.toString(o.output(id, 1)) : "-");
            }
            b.append(", spikes [");
            for (int i = 0; i < o.spikeCount(); i++) {
                b.append(i > 0 ? " " : "").append(o.spikeNeuron(i));
            }
            calls.add(b.append(']').toString());
        }

        @Override
        public void onEnd(long steps) {
            calls.add("end " + steps);
        }
    }

    /** Stream s, step t: neuron k's output 1 is s * 100 + t + k / 10; neuron 1 spikes on odd steps. */
    static StepOutput out(int stream, long step) {
        float[] y = {0f, stream * 100 + step, 0f, stream * 100 + step + 0.1f};
        return new StepOutput(stream, step, 2, y, step % 2 == 1 ? new int[] {1} : new int[0]);
    }

    @Test
    void stepsAreHandedOnInOrderOnceEveryStreamReachedThem() {
        // 2 streams x 3 steps x 2 channels; stream 1 has events at step 1 (channel 0) and step 2 (channel 1).
        float[] raster = new float[2 * 3 * 2];
        raster[(1 * 3 + 1) * 2] = 1f;
        raster[(1 * 3 + 2) * 2 + 1] = 1f;
        raster[(0 * 3 + 0) * 2] = 1f; // stream 0, not watched
        Calls c = new Calls();
        c.watched = 1;
        LiveStepFeed feed = new LiveStepFeed(c, 2, 2, 2, EventsFile.fromDense(raster, 2, 3, 2, 1.0));
        feed.accept(out(1, 0));
        feed.accept(out(1, 1));
        feed.accept(out(1, 2));
        assertEquals(List.of(), c.calls, "nothing before stream 0 reaches a step");
        feed.accept(out(0, 0));
        feed.accept(out(0, 1));
        feed.accept(StepOutput.end(1, 3));
        feed.accept(out(0, 2));
        feed.accept(StepOutput.end(0, 3));
        feed.end();
        assertEquals(List.of(
            "step 0: 0=0.0 1=0.1 2=100.0 3=100.1, spikes []",
            "e 1:0",
            "step 1: 0=1.0 1=1.1 2=101.0 3=101.1, spikes [1 3]",
            "e 1:1",
            "step 2: 0=2.0 1=2.1 2=102.0 3=102.1, spikes []",
            "end 3"), c.calls);
        assertEquals(12, feed.neuronSteps());
    }

    @Test
    void aStreamThatLagsTooFarIsLeftOutOfTheOldestSteps() {
        Calls c = new Calls();
        LiveStepFeed feed = new LiveStepFeed(c, 2, 1, 2, null);
        int ahead = feed.pendingSteps() + 2;
        for (int t = 0; t < ahead; t++) {
            feed.accept(new StepOutput(0, t, 2, new float[] {0f, t}, new int[0]));
        }
        // Steps 0 and 1 went on without stream 1; the ring holds the rest.
        assertEquals(List.of("step 0: 0=0.0 1=-, spikes []", "step 1: 0=1.0 1=-, spikes []"), c.calls);
        feed.accept(new StepOutput(1, 1, 2, new float[] {0f, 7f}, new int[0]));
        assertEquals(1, feed.lateForView());
        feed.accept(new StepOutput(1, 2, 2, new float[] {0f, 9f}, new int[0]));
        assertEquals("step 2: 0=2.0 1=9.0, spikes []", c.calls.get(2));
        feed.end();
        assertEquals(ahead + 1, c.calls.size());
        assertEquals("end " + ahead, c.calls.get(ahead));
    }

    @Test
    void theRingShrinksForLargePopulations() {
        assertEquals(LiveStepFeed.MAX_PENDING_STEPS, new LiveStepFeed(new Calls(), 6, 1, 1, null).pendingSteps());
        int streams = 100_000;
        LiveStepFeed big = new LiveStepFeed(new Calls(), streams, 1, 1, null);
        assertEquals(LiveStepFeed.MAX_PENDING_RECORDS / streams, big.pendingSteps());
    }
}
