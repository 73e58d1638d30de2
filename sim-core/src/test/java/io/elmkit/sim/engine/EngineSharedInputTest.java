package io.elmkit.sim.engine;

import static io.elmkit.sim.engine.EngineEqualsForwardTest.assertBitIdentical;
import static io.elmkit.sim.engine.EngineStreamsTest.CHANNELS;
import static io.elmkit.sim.engine.EngineStreamsTest.smallModel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.junit.jupiter.api.Test;

/**
 * Neurons on one stream share that stream's input sum ({@link EventStepper#shareSum}); one of them
 * also gets spikes on a connection, so it continues from a copy of the shared sum. Every copy must
 * still equal the event stepper's forward of its own input, bit for bit, for any thread count and
 * block size.
 */
class EngineSharedInputTest {

    @Test
    void aListenerThatAlsoGetsSpikesContinuesFromACopyOfTheSharedSum() throws Exception {
        final int steps = 80;
        float[] x = PoissonRaster.dense(4, 1, steps, CHANNELS, 10.0, 1.0);
        ElmModel model = smallModel(6);
        final int channel = CHANNELS - 1;
        final float weight = -0.5f;
        final int delay = 2;
        final int refractory = 3;
        for (int t = 0; t < steps; t++) {
            // The connection's channel is silent on the stream, and last, so the forward sees the
            // stream's events and then the spike in the order the engine delivers them.
            x[t * CHANNELS + channel] = 0f;
        }
        float[] fed = x.clone();
        int spikes = 0;
        for (int t = 0; t + delay < steps; t += refractory + 1) {
            fed[(t + delay) * CHANNELS + channel] = weight;
            spikes++;
        }
        assertTrue(spikes > 10, "the connection carries spikes");
        float[] plain = new EventStepper(model, 1).forward(x, 1, steps);
        float[] withSpikes = new EventStepper(model, 1).forward(fed, 1, steps);
        EventsFile events = EventsFile.fromDense(x, 1, steps, CHANNELS, 1.0);
        for (int threads : new int[] {1, 2}) {
            for (int blockCapacity : new int[] {2, 256}) {
                Engine.Options options = Engine.Options.builder().threads(threads).blockCapacity(blockCapacity)
                    .minShardNeurons(1).build(); // spread even tiny populations
                try (Engine engine = new Engine(options)) {
                    int input = engine.addInput(new EventsFileInput(events, "events"));
                    int source = engine.addNeuron(NeuronSpec.unfed(model).withSpikes(SpikeRule.sigmoidOfOutput(0, 0.0, refractory)));
                    int[] copies = engine.addNeurons(NeuronSpec.listening(model, input, 0), 5);
                    engine.connect(source, copies[2], channel, weight, delay);
                    int[][] ids = new int[copies.length][];
                    for (int i = 0; i < copies.length; i++) {
                        ids[i] = new int[] {copies[i]};
                    }
                    ArrayOutputSink sink = new ArrayOutputSink(ids, 2, steps);
                    engine.addSink(sink);
                    engine.run();
                    float[] out = sink.output();
                    String what = threads + " threads, blocks of " + blockCapacity;
                    for (int i = 0; i < copies.length; i++) {
                        float[] own = java.util.Arrays.copyOfRange(out, i * steps * 2, (i + 1) * steps * 2);
                        assertBitIdentical(i == 2 ? withSpikes : plain, own, what + ", copy " + i);
                    }
                }
            }
        }
    }
}
