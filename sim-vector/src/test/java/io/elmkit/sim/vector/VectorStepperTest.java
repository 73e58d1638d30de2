package io.elmkit.sim.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.step.DenseStepper;
import io.elmkit.sim.step.ElmStepper;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.LaneKernels;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * With the vector kernels switched on (this module's test JVMs), the batched steppers give the
 * same bits as stepping each neuron on its own (batch 1: the per-neuron kernel, which never uses
 * the lane kernels), for every batch 1..70 (whole vectors, tails, below the batched kernel's
 * threshold), dense and event steppers, random models of each shape and the golden models; inputs
 * include signed zeros, subnormals and values that drive activations to infinity.
 */
class VectorStepperTest {
    private static final float[] SPECIAL = {-0.0f, 0.0f, Float.MIN_VALUE, -1e-39f, 1e30f, -1e30f, Float.POSITIVE_INFINITY, 2.5f};
    private static final int MAX_BATCH = 70;

    @Test
    void plainShapedModels() {
        for (Activation activation : Activation.values()) {
            ElmConfig config = ElmConfig.builder(30, 3).numMemory(21).mlpNumLayers(2).mlpHiddenSize(19)
                .mlpActivation(activation).memoryTauMaxMs(50).build();
            check("plain " + activation, ElmModel.initialise(config, 11), 9, 0);
            check("plain " + activation + ", extreme input", ElmModel.initialise(config, 12), 6, 0.3);
        }
    }

    @Test
    void branchShapedModels() {
        ElmConfig config = ElmConfig.builder(40, 2).numMemory(6).numBranch(7).numSynapsePerBranch(9)
            .routing(Routing.NEURONIO).memoryTauMaxMs(40).build();
        check("branch", ElmModel.initialise(config, 5), 9, 0);
        check("branch, extreme input", ElmModel.initialise(config, 6), 6, 0.3);
    }

    @GoldenElmCases
    void goldenModels(String name) throws Exception {
        Path dir = ReferenceData.goldenElm(name);
        ElmModel model = ModelDirectory.load(dir);
        NdArray input = Npy.read(dir.resolve("input.npy"));
        float[] golden = input.toFloatArray();
        int goldenBatch = input.dim(0);
        int allSteps = input.dim(1);
        int steps = Math.min(8, allSteps);
        // The golden neurons' inputs (first steps), repeated to fill the largest batch.
        float[] x = new float[MAX_BATCH * steps * model.numInput()];
        int perNeuron = steps * model.numInput();
        for (int b = 0; b < MAX_BATCH; b++) {
            System.arraycopy(golden, (b % goldenBatch) * allSteps * model.numInput(), x, b * perNeuron, perNeuron);
        }
        check(name, model, x, steps);
    }

    private static void check(String what, ElmModel model, int steps, double extremeShare) {
        SplittableRandom rng = new SplittableRandom(what.hashCode());
        float[] x = new float[MAX_BATCH * steps * model.numInput()];
        for (int i = 0; i < x.length; i++) {
            double u = rng.nextDouble();
            x[i] = u < extremeShare ? SPECIAL[rng.nextInt(SPECIAL.length)] : u < 0.7 ? 0f : (float) rng.nextDouble(-2, 2);
        }
        check(what, model, x, steps);
    }

    private static void check(String what, ElmModel model, float[] x, int steps) {
        assertInstanceOf(VectorLaneKernels.class, LaneKernels.selected(), "the vector kernels are on in this JVM");
        compare(what + ", dense", model, x, steps, DenseStepper::new);
        compare(what + ", event", model, x, steps, EventStepper::new);
    }

    private static void compare(String what, ElmModel model, float[] x, int steps,
                                BiFunction<ElmModel, Integer, ElmStepper> stepper) {
        int inPerNeuron = steps * model.numInput();
        int outPerNeuron = steps * model.numOutput();
        float[] alone = new float[MAX_BATCH * outPerNeuron];
        for (int b = 0; b < MAX_BATCH; b++) {
            float[] xb = new float[inPerNeuron];
            System.arraycopy(x, b * inPerNeuron, xb, 0, inPerNeuron);
            System.arraycopy(stepper.apply(model, 1).forward(xb, 1, steps), 0, alone, b * outPerNeuron, outPerNeuron);
        }
        for (int batch = 1; batch <= MAX_BATCH; batch++) {
            float[] xs = new float[batch * inPerNeuron];
            System.arraycopy(x, 0, xs, 0, xs.length);
            float[] y = stepper.apply(model, batch).forward(xs, batch, steps);
            for (int i = 0; i < y.length; i++) {
                if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(alone[i])) {
                    assertEquals(Float.floatToRawIntBits(alone[i]), Float.floatToRawIntBits(y[i]), what + ", batch " + batch
                        + ", neuron " + i / outPerNeuron + ", value " + i % outPerNeuron + ": " + alone[i] + " alone vs " + y[i] + " batched");
                }
            }
        }
    }
}
