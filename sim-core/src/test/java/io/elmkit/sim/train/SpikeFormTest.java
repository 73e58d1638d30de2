package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.model.Variant;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where every branch decays alike, Bptt takes the first layer's branch part and the gradients of its
 * branch weights and of w_s from the spikes; the same sums regrouped, so outputs and every gradient
 * equal those of the branch traces' tile products to float64 rounding (outputs to a float32 ulp).
 */
class SpikeFormTest {

    static Stream<ElmConfig> models() {
        return Stream.of(
            // NeuronIO's routing: 3 or 4 synapses per channel, padded to 4.
            ElmConfig.builder(1278, 2).numMemory(6).numBranch(45).numSynapsePerBranch(100).routing(Routing.NEURONIO).build(),
            // SHD's shape: one synapse per branch.
            ElmConfig.builder(70, 5).numMemory(8).memoryTauMaxMs(150).deltaTMs(2.0).build(),
            // Random routing (up to ~11 synapses per channel, not padded), v2's per-branch traces.
            ElmConfig.builder(300, 3).numMemory(5).numBranch(20).numSynapsePerBranch(40).routing(Routing.RANDOM)
                .variant(Variant.V2).learnMemoryTau(true).build());
    }

    @ParameterizedTest
    @MethodSource("models")
    void spikeFormEqualsBranchTraces(ElmConfig config) {
        ElmModel model = ElmModel.initialise(config, 7);
        assertTrue(Bptt.firstLayerFromSpikes(model));
        int steps = 300; // more than two tiles of TimeTiles
        int batch = 2;
        float[] x = PoissonRaster.dense(9, batch, steps, config.numInput(), 20.0, 1.0);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (i % 5) - 1.5f; // values other than 1, some negative
        }
        SpikeSequences input = SpikeSequences.fromDense(x, 0, batch, steps, config.numInput());
        Gradients fromSpikes = new Gradients(model);
        Gradients fromTraces = new Gradients(model);
        Bptt spikes = Bptt.withSpikeForm(model, true);
        Bptt traces = Bptt.withSpikeForm(model, false);
        for (int s = 0; s < batch; s++) {
            float[] ys = new float[steps * model.numOutput()];
            float[] yt = new float[ys.length];
            spikes.forward(input, s, ys, 0);
            traces.forward(input, s, yt, 0);
            double[] gy = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                assertEquals(yt[i], ys[i], 2 * Math.ulp(Math.abs(yt[i]) + 1f), "output " + i);
                gy[i] = Math.sin(0.1 * i); // the same dL/dy for both, so only the backward is compared below
            }
            spikes.backward(steps, gy, 0, fromSpikes);
            traces.backward(steps, gy, 0, fromTraces);
        }
        for (int p = 0; p < model.parameterCount(); p++) {
            double[] a = fromSpikes.parameter(p);
            double[] b = fromTraces.parameter(p);
            double largest = 0;
            for (double v : b) {
                largest = Math.max(largest, Math.abs(v));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-9 * largest + 1e-300, "parameter " + p + " [" + i + "]");
            }
        }
    }
}
