package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.model.Variant;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventVsDenseTest {

    static Stream<Arguments> models() {
        return Stream.of(
            Arguments.of("plain relu", ElmConfig.builder(32, 3).numMemory(8).build()),
            Arguments.of("v2 silu branch", ElmConfig.builder(101, 2).numMemory(6).variant(Variant.V2).tauValueMs(4.0)
                .mlpActivation(Activation.SILU).numBranch(9).numSynapsePerBranch(12)
                .routing(Routing.NEURONIO).learnMemoryTau(true).memoryTauMaxMs(150).build()),
            Arguments.of("odd input neuronio", ElmConfig.builder(101, 2).numMemory(4).numBranch(9)
                .numSynapsePerBranch(12).routing(Routing.NEURONIO).memoryTauMaxMs(150).build()),
            Arguments.of("random routing, 2 layers silu", ElmConfig.builder(50, 2).numMemory(5).numBranch(7)
                .numSynapsePerBranch(4).routing(Routing.RANDOM).mlpNumLayers(2).mlpHiddenSize(11)
                .mlpActivation(Activation.SILU).deltaTMs(0.5).build()),
            Arguments.of("neuronio published shape", ElmConfig.builder(1278, 2).numMemory(20).numBranch(45)
                .numSynapsePerBranch(100).routing(Routing.NEURONIO).memoryTauMaxMs(150).build()));
    }

    /** Random weights: proto w_s partly negative (relu), MLP weights large enough to exercise tanh. */
    static ElmModel randomModel(ElmConfig config, long seed, boolean infTau) {
        ElmModel init = ElmModel.initialise(config, seed);
        LinkedHashMap<String, NdArray> sd = init.toStateDict();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[] w = (float[]) sd.get("_proto_w_s").data();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextDouble() * 1.5 - 0.3);
        }
        float[] tau = (float[]) sd.get("_proto_tau_m").data();
        if (infTau) {
            tau[tau.length - 1] = Float.POSITIVE_INFINITY;
            tau[0] = Float.NEGATIVE_INFINITY;
        }
        for (String key : sd.keySet()) {
            if (key.startsWith("mlp.") || key.startsWith("w_y")) {
                float[] v = (float[]) sd.get(key).data();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= 3f;
                }
            }
        }
        return ElmModel.fromStateDict(config, sd, "random model");
    }

    static float[] sparseInput(SplittableRandom rng, int batch, int steps, int numInput, double density) {
        float[] x = new float[batch * steps * numInput];
        float[] values = {1f, -1f, 2f, 0.5f, 3f};
        for (int i = 0; i < x.length; i++) {
            if (rng.nextDouble() < density) {
                x[i] = values[rng.nextInt(values.length)];
            }
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void eventStepperEqualsDenseStepper(String name, ElmConfig config) {
        for (boolean infTau : new boolean[] {false, true}) {
            ElmModel model = randomModel(config, 42, infTau);
            int batch = 3;
            int steps = 400;
            float[] x = sparseInput(new SplittableRandom(7), batch, steps, config.numInput(), 0.02);
            float[] dense = new DenseStepper(model, batch).forward(x, batch, steps);
            EventStepper eventStepper = new EventStepper(model, batch);
            assertTrue(eventStepper.isEventDriven());
            float[] event = eventStepper.forward(x, batch, steps);
            double maxAbs = 0;
            double maxDiff = 0;
            for (int i = 0; i < dense.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(dense[i] - event[i]));
                maxAbs = Math.max(maxAbs, Math.abs(dense[i]));
            }
            assertTrue(maxAbs > 0.1, "outputs are not trivially small: " + maxAbs);
            assertTrue(maxDiff <= 1e-5, name + " (inf tau " + infTau + "): max |event - dense| = " + maxDiff + " of max |y| " + maxAbs);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sparseEventsEqualDenseRows(String name, ElmConfig config) {
        ElmModel model = randomModel(config, 3, false);
        int batch = 2;
        int steps = 50;
        int dIn = config.numInput();
        int dO = config.numOutput();
        float[] x = sparseInput(new SplittableRandom(11), batch, steps, dIn, 0.05);
        float[] expected = new EventStepper(model, batch).forward(x, batch, steps);
        EventStepper stepper = new EventStepper(model, batch);
        StepEvents events = new StepEvents(4);
        float[] out = new float[batch * steps * dO];
        for (int t = 0; t < steps; t++) {
            events.clear();
            // Feed neurons in reverse order and split values in two events each: order and duplicates must not matter.
            for (int b = batch - 1; b >= 0; b--) {
                for (int c = 0; c < dIn; c++) {
                    float v = x[(b * steps + t) * dIn + c];
                    if (v != 0f) {
                        events.add(b, c, v / 2);
                        events.add(b, c, v / 2);
                    }
                }
            }
            stepper.step(events, out, t * dO, steps * dO);
        }
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], out[i], 1e-5, "output " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void batchedNeuronsAreIndependent(String name, ElmConfig config) {
        ElmModel model = randomModel(config, 5, false);
        int steps = 60;
        int dIn = config.numInput();
        int dO = config.numOutput();
        float[] x = sparseInput(new SplittableRandom(13), 4, steps, dIn, 0.05);
        float[] batched = new EventStepper(model, 4).forward(x, 4, steps);
        float[] wide = new EventStepper(model, 9).forward(java.util.Arrays.copyOf(x, 9 * steps * dIn), 9, steps);
        for (int b = 0; b < 4; b++) {
            float[] one = new float[steps * dIn];
            System.arraycopy(x, b * steps * dIn, one, 0, one.length);
            float[] single = new EventStepper(model, 1).forward(one, 1, steps);
            for (int i = 0; i < single.length; i++) {
                assertEquals(single[i], batched[b * steps * dO + i], 0.0, "neuron " + b + " output " + i);
                assertEquals(single[i], wide[b * steps * dO + i], 0.0, "batch kernel: neuron " + b + " output " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void unequalTauSFallsBackToDensePath(String name, ElmConfig config) {
        if (config.variant() == Variant.V2) {
            return; // v2 traces are per branch: always event-driven
        }
        LinkedHashMap<String, NdArray> sd = randomModel(config, 9, false).toStateDict();
        float[] tauS = (float[]) sd.get("tau_s").data();
        for (int i = 0; i < tauS.length; i++) {
            tauS[i] = 2f + (i % 7);
        }
        ElmModel model = ElmModel.fromStateDict(config, sd, "unequal tau_s");
        EventStepper stepper = new EventStepper(model, 2);
        assertFalse(stepper.isEventDriven());
        float[] x = sparseInput(new SplittableRandom(17), 2, 80, config.numInput(), 0.05);
        float[] dense = new DenseStepper(model, 2).forward(x, 2, 80);
        float[] event = stepper.forward(x, 2, 80);
        for (int i = 0; i < dense.length; i++) {
            assertEquals(dense[i], event[i], 0.0);
        }
    }
}
