package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.sim.model.ElmModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batched kernel advances the branch part of neurons without events by adding a row of -0.0
 * ({@code BatchKernel.sumOrNothing}), four neurons per pass: its states and outputs equal the
 * per-neuron kernel's (plain decay, one neuron per stepper) bit for bit, signed zeros and
 * subnormals that underflow included, for batches that do and do not fill the last pass of four.
 */
class BranchPartSignTest {

    @Test
    void batchedBranchPartEqualsNeuronByNeuronWithSignedZerosAndSubnormals() {
        ElmModel model = SharedInputSumTest.neuronioShaped(40, 5, 6, 7, 40, 5);
        double[] special = {-0.0, 0.0, -Double.MIN_VALUE, Double.MIN_VALUE, -2 * Double.MIN_VALUE, -Double.MIN_NORMAL, 1e-310, -3.5};
        for (int batch : new int[] {12, 15}) {
            EventStepper batched = new EventStepper(model, batch);
            EventStepper[] single = new EventStepper[batch];
            int length = batched.neuronStateLength();
            double[] state = new double[length];
            SplittableRandom rng = new SplittableRandom(batch);
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < length; i++) {
                    state[i] = special[rng.nextInt(special.length)];
                }
                batched.loadNeuronState(b, state, 0);
                single[b] = new EventStepper(model, 1);
                single[b].loadNeuronState(0, state, 0);
            }
            float[] expected = new float[2];
            float[] actual = new float[batch * 2];
            double[] want = new double[length];
            double[] got = new double[length];
            for (int t = 0; t < 6; t++) {
                batched.beginStep();
                for (int b = 0; b < batch; b++) {
                    single[b].beginStep();
                    if ((b + t) % 3 == 0) {
                        // Some neurons get an event: a sum next to rows without one in the same pass.
                        batched.addEvent(b, (b * 7 + t) % 40, 1f);
                        single[b].addEvent(0, (b * 7 + t) % 40, 1f);
                    }
                }
                batched.finishStep(actual, 0, 2);
                for (int b = 0; b < batch; b++) {
                    single[b].finishStep(expected, 0, 2);
                    for (int o = 0; o < 2; o++) {
                        assertEquals(Float.floatToRawIntBits(expected[o]), Float.floatToRawIntBits(actual[b * 2 + o]),
                            "batch " + batch + ", step " + t + ", neuron " + b + ", output " + o);
                    }
                    single[b].saveNeuronState(0, want, 0);
                    batched.saveNeuronState(b, got, 0);
                    for (int i = 0; i < length; i++) {
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                            "batch " + batch + ", step " + t + ", neuron " + b + ", state " + i + ": " + want[i] + " vs " + got[i]);
                    }
                }
            }
        }
    }
}
