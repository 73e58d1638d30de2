package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A step in three calls with a shared input sum ({@link EventStepper#shareSum}) equals
 * {@link EventStepper#step(StepEvents, float[], int, int)} with each neuron's events listed, bit for
 * bit, for both batch kernels (per neuron below 8 neurons, batched from 8).
 */
class SharedInputSumTest {

    /** A small Branch-ELM routed as NeuronIO (one kappa: event-driven, sums shareable), two outputs. */
    static ElmModel neuronioShaped(int numInput, int numMemory, int numBranch, int synapsesPerBranch, int tauMaxMs, long seed) {
        ElmConfig config = ElmConfig.builder(numInput, 2).numMemory(numMemory).numBranch(numBranch)
            .numSynapsePerBranch(synapsesPerBranch).routing(Routing.NEURONIO).memoryTauMaxMs(tauMaxMs).build();
        return ElmModel.initialise(config, seed);
    }

    @Test
    void sharedSumsEqualEventsListedNeuronByNeuron() {
        ElmModel model = neuronioShaped(90, 6, 8, 11, 60, 13);
        for (int batch : new int[] {3, 12}) {
            EventStepper listed = new EventStepper(model, batch);
            EventStepper shared = new EventStepper(model, batch);
            assertTrue(shared.sharesInputSums(), "one kappa: sums can be shared");
            float[] expected = new float[batch * 2];
            float[] actual = new float[batch * 2];
            SplittableRandom rng = new SplittableRandom(batch);
            StepEvents events = new StepEvents();
            for (int t = 0; t < 60; t++) {
                // Even neurons share one stream; neuron 2 also gets its own spike after the stream's.
                int[] channel = new int[rng.nextInt(6)];
                float[] value = new float[channel.length];
                for (int e = 0; e < channel.length; e++) {
                    channel[e] = rng.nextInt(90);
                    value[e] = rng.nextBoolean() ? 1f : -1f;
                }
                events.clear();
                for (int b = 0; b < batch; b++) {
                    if (b % 2 == 0) {
                        for (int e = 0; e < channel.length; e++) {
                            events.add(b, channel[e], value[e]);
                        }
                    } else if (t % 3 == 0) {
                        events.add(b, t % 90, 0.5f);
                    }
                }
                events.add(2, 89 - t % 7, 0.25f);
                listed.step(events, expected, 0, 2);

                shared.beginStep();
                double[] u = shared.newSum();
                for (int e = 0; e < channel.length; e++) {
                    shared.addToSum(u, channel[e], value[e]);
                }
                for (int b = 0; b < batch; b += 2) {
                    shared.shareSum(b, u);
                }
                for (int b = 1; b < batch; b += 2) {
                    if (t % 3 == 0) {
                        shared.addEvent(b, t % 90, 0.5f);
                    }
                }
                shared.addEvent(2, 89 - t % 7, 0.25f);
                int neuronWithEvents = 1;
                if (t % 3 == 0) {
                    assertThrows(IllegalStateException.class, () -> shared.shareSum(neuronWithEvents, u),
                        "a neuron that already has events this step cannot take a shared sum");
                }
                shared.finishStep(actual, 0, 2);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        "batch " + batch + ", step " + t + ", value " + i);
                }
            }
        }
    }
}
