package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batched event stepper's two grouped passes against one neuron per stepper fed event by event
 * ({@code addEvent}, the per-neuron kernel): {@code step(StepEvents)} adds a neuron's run of events
 * four columns per pass over its input sum ({@code EventStepper.addRun}), and the batched kernel
 * takes the scaled tanh of several memory units in one flat row ({@code BatchKernel.updateMemory}).
 * States (the float64 branch part, the memory) and outputs must be the same bits: runs of 0 to 9
 * events (whole groups of four and remainders), a neuron's events split over two runs, channels
 * that feed no synapse among them, and batches whose tanh passes do and do not divide the units.
 */
class EventRunsTest {

    @Test
    void runsOfEventsAndFlatTanhPassesEqualNeuronByNeuron() {
        // 120 channels, 8 x 11 synapses: at least 32 channels feed nothing (null columns); d_m 23.
        ElmModel model = SharedInputSumTest.neuronioShaped(120, 23, 8, 11, 60, 17);
        // 9: one tanh pass; 100: passes of 8, 8 and 7 units; 100 with 77 active: rows of 77.
        int[][] cases = {{9, 9}, {100, 100}, {100, 77}};
        for (int[] c : cases) {
            int batch = c[0];
            int active = c[1];
            EventStepper batched = new EventStepper(model, batch);
            batched.setActiveNeurons(active);
            EventStepper[] single = new EventStepper[active];
            for (int b = 0; b < active; b++) {
                single[b] = new EventStepper(model, 1);
            }
            SplittableRandom rng = new SplittableRandom(batch * 31L + active);
            StepEvents events = new StepEvents();
            float[] actual = new float[batch * 2];
            float[] expected = new float[2];
            int length = batched.neuronStateLength();
            double[] want = new double[length];
            double[] got = new double[length];
            int grouped = 0;
            for (int t = 0; t < 40; t++) {
                events.clear();
                List<float[]> late = new ArrayList<>();
                for (int b = 0; b < active; b++) {
                    single[b].beginStep();
                    int count = rng.nextInt(10);
                    grouped += count >= 4 ? 1 : 0;
                    for (int e = 0; e < count; e++) {
                        int channel = rng.nextInt(120);
                        float value = (float) ((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-3, 2)));
                        if (e >= 5 && b % 3 == 0) {
                            // The rest of this neuron's events come after every other neuron's: a second run.
                            late.add(new float[] {b, channel, value});
                        } else {
                            events.add(b, channel, value);
                        }
                        single[b].addEvent(0, channel, value);
                    }
                }
                for (float[] e : late) {
                    events.add((int) e[0], (int) e[1], e[2]);
                }
                batched.step(events, actual, 0, 2);
                for (int b = 0; b < active; b++) {
                    single[b].finishStep(expected, 0, 2);
                    for (int o = 0; o < 2; o++) {
                        assertEquals(Float.floatToRawIntBits(expected[o]), Float.floatToRawIntBits(actual[b * 2 + o]),
                            "batch " + batch + " (" + active + " active), step " + t + ", neuron " + b + ", output " + o);
                    }
                    single[b].saveNeuronState(0, want, 0);
                    batched.saveNeuronState(b, got, 0);
                    for (int i = 0; i < length; i++) {
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                            "batch " + batch + " (" + active + " active), step " + t + ", neuron " + b + ", state " + i);
                    }
                }
            }
            assertTrue(grouped > 100, "runs of four events or more were exercised: " + grouped);
        }
    }
}
