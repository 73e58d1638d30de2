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

    @Test
    void blocksSteppedByAnyThreadGiveTheSameBits() throws Exception {
        ElmModel model = EngineStreamsTest.smallModel(3);
        float[] x = PoissonRaster.dense(4, STREAMS, STEPS, EngineStreamsTest.CHANNELS, 6.0, 1.0);
        EventsFile events = EventsFile.fromDense(x, STREAMS, STEPS, EngineStreamsTest.CHANNELS, 1.0);
        Run alone = run(model, events, 1);
        assertEquals(0, alone.helped(), "one thread has nobody to help");
        assertTrue(alone.spikes() > NEURONS, "the population should spike: " + alone.spikes());
        for (int threads : new int[] {2, 4}) {
            Run shared = run(model, events, threads);
            assertBitIdentical(alone.output(), shared.output(), threads + " threads");
            assertEquals(alone.spikes(), shared.spikes(), threads + " threads: spikes emitted");
            assertEquals(alone.recordedSpikes(), shared.recordedSpikes(), threads + " threads: spikes recorded");
            if (threads == 4) {
                // 400 steps of 4 shards of 30 one-neuron blocks each: threads that finish early help.
                assertTrue(shared.helped() > 0, "no thread ever helped another shard");
            }
        }
    }
}
