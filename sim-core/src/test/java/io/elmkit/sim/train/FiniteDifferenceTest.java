package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.model.Variant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BPTT gradients against central finite differences of the loss on small random models. SiLU only:
 * a finite difference across a ReLU kink is meaningless (ReLU gradients are checked by the goldens).
 */
class FiniteDifferenceTest {

    static Stream<ElmConfig> models() {
        return Stream.of(
            ElmConfig.builder(6, 2).numMemory(3).mlpHiddenSize(5).mlpActivation(Activation.SILU).memoryTauMaxMs(40).build(),
            ElmConfig.builder(7, 2).numMemory(3).numBranch(2).numSynapsePerBranch(3).routing(Routing.NEURONIO)
                .mlpActivation(Activation.SILU).mlpNumLayers(2).mlpHiddenSize(4).learnMemoryTau(true)
                .memoryTauMaxMs(30).build(),
            ElmConfig.builder(6, 3).numMemory(2).numBranch(3).numSynapsePerBranch(2).routing(Routing.RANDOM)
                .variant(Variant.V2).tauValueMs(3.0).learnMemoryTau(true).mlpActivation(Activation.SILU)
                .memoryTauMaxMs(25).build());
    }

    static double loss(ElmModel model, float[] x, int steps, float[] target) {
        float[] y = new float[steps * model.numOutput()];
        new Bptt(model).forward(x, 0, steps, y, 0);
        return Loss.mse(y, target, new double[y.length]);
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientsMatchFiniteDifferences(ElmConfig config) {
        check(config, false);
    }

    /**
     * The same models with trace time constants that differ between synapses (v1) or branches (v2):
     * the backward then keeps the traces and their tile products, where equal ones take the
     * first layer from the spikes.
     */
    @ParameterizedTest
    @MethodSource("models")
    void differingTraceTimeConstantsMatchFiniteDifferences(ElmConfig config) {
        check(config, true);
    }

    private static void check(ElmConfig config, boolean differingTraceTaus) {
        SplittableRandom rng = new SplittableRandom(11);
        ElmModel model = ElmModel.initialise(config, 5);
        LinkedHashMap<String, NdArray> sd = model.toStateDict();
        float[] protoW = (float[]) sd.get("_proto_w_s").data();
        for (int i = 0; i < protoW.length; i++) {
            protoW[i] = (float) (0.3 + rng.nextDouble());
        }
        float[] tau = (float[]) sd.get("_proto_tau_m").data();
        for (int i = 0; i < tau.length; i++) {
            tau[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        if (differingTraceTaus) {
            float[] traceTau = (float[]) sd.get(config.variant() == Variant.V2 ? "tau_b" : "tau_s").data();
            for (int i = 0; i < traceTau.length; i++) {
                traceTau[i] = (float) (2 + 6 * rng.nextDouble());
            }
        }
        model = ElmModel.fromStateDict(config, sd, "fd");
        assertEquals(!differingTraceTaus, Bptt.firstLayerFromSpikes(model), "the path under test");
        int steps = 25;
        float[] x = new float[steps * config.numInput()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.3 ? (rng.nextBoolean() ? 1f : -1f) : 0f;
        }
        float[] target = new float[steps * config.numOutput()];
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) rng.nextGaussian();
        }
        float[] y = new float[target.length];
        Bptt bptt = new Bptt(model);
        bptt.forward(x, 0, steps, y, 0);
        double[] gy = new double[y.length];
        Loss.mse(y, target, gy);
        Gradients grads = new Gradients(model);
        bptt.backward(steps, gy, 0, grads);
        Map<String, NdArray> analytic = grads.toNamedArrays(model);

        double eps = 1e-2;
        for (Map.Entry<String, NdArray> e : analytic.entrySet()) {
            float[] g = e.getValue().toFloatArray();
            double maxAbs = 0;
            for (float v : g) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            for (int trial = 0; trial < Math.min(6, g.length); trial++) {
                int i = rng.nextInt(g.length);
                LinkedHashMap<String, NdArray> plus = model.toStateDict();
                LinkedHashMap<String, NdArray> minus = model.toStateDict();
                ((float[]) plus.get(e.getKey()).data())[i] += (float) eps;
                ((float[]) minus.get(e.getKey()).data())[i] -= (float) eps;
                double fd = (loss(ElmModel.fromStateDict(config, plus, "+"), x, steps, target)
                    - loss(ElmModel.fromStateDict(config, minus, "-"), x, steps, target)) / (2 * eps);
                double err = Math.abs(fd - g[i]) / (Math.abs(g[i]) + 0.05 * maxAbs + 1e-4);
                assertTrue(err < 0.05, e.getKey() + "[" + i + "]: BPTT " + g[i] + " vs finite difference " + fd);
            }
        }
    }
}
