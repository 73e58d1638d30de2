package io.elmkit.sim.engine;

import static io.elmkit.sim.engine.EngineEqualsForwardTest.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.junit.jupiter.api.Test;

/**
 * Threads that have stepped their own shard's blocks step the blocks other shards have not reached
 * yet; which thread steps a block must change no bit of any output or spike.
 */
class EngineWorkSharingTest {
    private static final int NEURONS = 120;
    private static final int STREAMS = 6;
    private static final int STEPS = 400;

    /** What one run gives: outputs (neuron, step, output), spikes emitted, blocks stepped by helpers. */
    private record Run(float[] output, long spikes, long recordedSpikes, long helped) {
    }

    /**
     * A recurrent population in blocks of one neuron (so a shard has many blocks to hand out): every
     * neuron listens to a Poisson stream, spikes by a sigmoid rule, and feeds another neuron.
     */
    private static Run run(ElmModel model, EventsFile events, int threads) {
        Engine.Options options = Engine.Options.builder().threads(threads).blockCapacity(1).minShardNeurons(1).build();
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "test events"));
            int[][] ids = new int[NEURONS][];
            for (int i = 0; i < NEURONS; i++) {
                ids[i] = new int[] {engine.addNeuron(NeuronSpec.listening(model, input, i % STREAMS)
                    .withSpikes(SpikeRule.sigmoidOfOutput(0, 0.0, 2)))};
            }
            for (int i = 0; i < NEURONS; i++) {
                engine.connect(ids[i][0], ids[(i * 7 + 3) % NEURONS][0], i % EngineStreamsTest.CHANNELS, 0.5f, 1 + i % 3);
            }
            ArrayOutputSink sink = new ArrayOutputSink(ids, model.numOutput(), STEPS);
            engine.addSink(sink);
            assertEquals(STEPS, engine.run());
            return new Run(sink.output(), engine.spikesEmitted(), sink.spikeCount(), engine.blocksSteppedByHelpers());
        }
    }

    private static void assertSameBits(Run expected, Run actual, String what) {
        assertBitIdentical(expected.output(), actual.output(), what);
        assertEquals(expected.spikes(), actual.spikes(), what + ": spikes emitted");
        assertEquals(expected.recordedSpikes(), actual.recordedSpikes(), what + ": spikes recorded");
    }

    @Test
    void blocksSteppedByAnyThreadGiveTheSameBits() throws Exception {
        ElmModel model = EngineStreamsTest.smallModel(3);
        float[] x = PoissonRaster.dense(4, STREAMS, STEPS, EngineStreamsTest.CHANNELS, 6.0, 1.0);
        EventsFile events = EventsFile.fromDense(x, STREAMS, STEPS, EngineStreamsTest.CHANNELS, 1.0);
        Run alone = run(model, events, 1);
        assertEquals(0, alone.helped(), "one thread has nobody to help");
        assertTrue(alone.spikes() > NEURONS, "the population should spike: " + alone.spikes());
        Run two = run(model, events, 2);
        assertSameBits(alone, two, "2 threads");
        // Whether a thread finishes early enough to help depends on the scheduler (on 2 CPUs the four
        // threads' shards can run one after another every step): run until some thread has helped.
        long helped = 0;
        for (int attempt = 0; attempt < 20 && helped == 0; attempt++) {
            Run four = run(model, events, 4);
            assertSameBits(alone, four, "4 threads, run " + attempt);
            helped = four.helped();
        }
        assertTrue(helped > 0, "in 20 runs of 4 threads no thread ever helped another shard");
    }
}
