package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.sim.vector.VectorLockstepKernel;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The lockstep backward (a worker's batch parts in the lanes of the vector kernel) gives every
 * part's loss, outputs and gradients with the raw bits of the plain path (one sequence at a time),
 * for a worker's parts as the Trainer hands them out: 8, 4, 3 and 1 parts per worker, 1 and 2
 * threads, parts of one and of two sequences (a round with some lanes empty), the NeuronIO shape,
 * other shapes and activations, and the golden models. Each part gets its own input, so a lane's
 * gradients handed to another part would show.
 */
class LockstepBackwardTest {
    private static final LockstepKernel KERNEL = LockstepKernel.selected();

    @Test
    void theVectorKernelIsSelectedInThisJvm() {
        assertInstanceOf(VectorLockstepKernel.class, KERNEL, "-Delmkit.kernels=vector selects the lockstep kernel");
    }

    @Test
    void neuronioShape() {
        ElmModel model = ElmModel.initialise(ElmConfig.builder(1278, 2).numMemory(20).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).memoryTauMaxMs(150).build(), 1);
        float[] x = PoissonRaster.dense(5, 20, 300, 1278, 14.0, 1.0);
        // Batch 8: 8 parts of one sequence (8 per worker at 1 thread, 4 at 2); batch 3: 3 parts;
        // batch 20: 16 parts, four of two sequences (8 per worker at 2 threads, 2 groups at 1).
        for (int batch : new int[] {8, 3, 20, 2}) {
            for (int threads = 1; threads <= 2; threads++) {
                assertSameBits("neuronio, batch " + batch + ", " + threads + " threads", model, x, batch, 300, threads);
            }
        }
    }

    @Test
    void otherShapesAndActivations() {
        for (Activation activation : Activation.values()) {
            // Three layers (two hidden), d_o 3, learnt memory time constants, random routing (per-synapse traces).
            ElmConfig branch = ElmConfig.builder(40, 3).numMemory(7).numBranch(6).numSynapsePerBranch(5)
                .routing(Routing.RANDOM).mlpNumLayers(3).mlpHiddenSize(13).mlpActivation(activation).memoryTauMaxMs(40).build();
            // One synapse per branch (w_s from dW0), one layer.
            ElmConfig plain = ElmConfig.builder(30, 2).numMemory(9).mlpNumLayers(1).mlpActivation(activation).build();
            for (ElmConfig config : new ElmConfig[] {branch, plain}) {
                ElmModel model = ElmModel.initialise(config, 7);
                float[] x = PoissonRaster.dense(9, 9, 150, config.numInput(), 8.0, 1.0);
                for (int i = 0; i < x.length; i++) {
                    x[i] *= (i % 5) - 1.5f;
                }
                for (int batch : new int[] {9, 4}) {
                    assertSameBits(activation + " " + config.numBranch() + " branches, batch " + batch, model, x, batch, 150, 1);
                    assertSameBits(activation + " " + config.numBranch() + " branches, batch " + batch, model, x, batch, 150, 2);
                }
            }
        }
    }

    @GoldenElmCases
    void goldenModels(String name) throws Exception {
        Path dir = ReferenceData.goldenElm(name);
        NdArray golden = Npy.read(dir.resolve("input.npy"));
        float[] x = scaledCopies(golden.toFloatArray(), golden.dim(0), 6);
        ElmModel model = ModelDirectory.load(dir);
        for (int threads = 1; threads <= 2; threads++) {
            assertSameBits("golden " + name, model, x, 6, golden.dim(1), threads);
        }
    }

    /** {@code copies} sequences: the given ones in turn, copy b scaled by 1 + b / 4 so that no two lanes are alike. */
    private static float[] scaledCopies(float[] sequences, int count, int copies) {
        int length = sequences.length / count;
        float[] x = new float[copies * length];
        for (int i = 0; i < x.length; i++) {
            int b = i / length;
            x[i] = sequences[(b % count) * length + i % length] * (1f + 0.25f * b);
        }
        return x;
    }

    /**
     * The parts of a batch of {@code batch} sequences as the Trainer splits them over {@code threads}
     * workers, in groups of at most the kernel's lanes: lockstep (whenever a group has 2 or more parts)
     * against one part after another, every result's raw bits.
     */
    private static void assertSameBits(String what, ElmModel model, float[] x, int batch, int steps, int threads) {
        int dIn = model.numInput();
        SpikeSequences all = SpikeSequences.fromDense(x, 0, batch, steps, dIn);
        int parts = Math.min(Trainer.MAX_PARTS, batch);
        int workers = Math.min(threads, parts);
        for (int w = 0; w < workers; w++) {
            int mine = (parts - w + workers - 1) / workers;
            for (int i = 0; i < mine; i += KERNEL.lanes()) {
                int n = Math.min(KERNEL.lanes(), mine - i);
                SpikeSequences[] inputs = new SpikeSequences[n];
                BatchGradients.LossFunction[] losses = new BatchGradients.LossFunction[n];
                for (int j = 0; j < n; j++) {
                    int p = w + (i + j) * workers;
                    int first = (int) ((long) p * batch / parts);
                    inputs[j] = all.part(first, (int) ((long) (p + 1) * batch / parts) - first);
                    losses[j] = LockstepBackwardTest::loss;
                }
                BatchGradients.Result[] plain = BatchGradients.computeParts(model, inputs, losses, null, 0);
                BatchGradients.Result[] lockstep = BatchGradients.computeParts(model, inputs, losses, KERNEL, 0);
                for (int j = 0; j < n; j++) {
                    String part = what + ", worker " + w + ", lane " + j + " of " + n;
                    assertEquals(Double.doubleToRawLongBits(plain[j].loss), Double.doubleToRawLongBits(lockstep[j].loss), part + ": loss");
                    for (int k = 0; k < plain[j].output.length; k++) {
                        assertEquals(Float.floatToRawIntBits(plain[j].output[k]), Float.floatToRawIntBits(lockstep[j].output[k]), part + ": output " + k);
                    }
                    assertSameGradients(part, model, plain[j].gradients, lockstep[j].gradients);
                }
            }
        }
    }

    static void assertSameGradients(String what, ElmModel model, Gradients expected, Gradients actual) {
        for (int p = 0; p < model.parameterCount(); p++) {
            double[] e = expected.parameter(p);
            double[] a = actual.parameter(p);
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                    assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]),
                        what + ": " + model.parameterName(p) + "[" + i + "] plain " + e[i] + ", lockstep " + a[i]);
                }
            }
        }
    }

    /** Squared error against a target that depends on the output's index: a loss whose dL/dy differs per step and output. */
    private static double loss(float[] y, double[] gy) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - 0.3 * Math.sin(0.37 * i);
            sum += d * d;
            gy[i] = 2 * d / y.length;
        }
        return sum / y.length;
    }
}
