package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.junit.jupiter.api.Test;

/**
 * The per-event loops over a channel's synapses padded to a fixed count (Bptt's routeStart) give
 * the outputs and gradients of the unpadded loops bit for bit: the padding adds nothing.
 */
class PaddedRoutesTest {

    @Test
    void neuronioRoutingPaddedEqualsUnpadded() {
        // NeuronIO's routing: 3 or 4 synapses per channel (some 1 or 2), padded to 4.
        assertSameBits(ElmConfig.builder(1278, 2).numMemory(6).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).build(), true);
    }

    @Test
    void unevenRandomRoutingIsNotPadded() {
        // Random routing of 1278 channels to 4500 synapses: up to ~11 per channel, mean 3.5: no padding.
        assertSameBits(ElmConfig.builder(1278, 2).numMemory(6).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.RANDOM).build(), false);
    }

    private static void assertSameBits(ElmConfig config, boolean padded) {
        ElmModel model = ElmModel.initialise(config, 3);
        int steps = 40;
        int batch = 2;
        // Input values other than 1 (and negative ones), so that a padding entry with a weight or a
        // trace would show.
        float[] x = PoissonRaster.dense(4, batch, steps, config.numInput(), 30.0, 1.0);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (i % 7) - 2.5f;
        }
        SpikeSequences input = SpikeSequences.fromDense(x, 0, batch, steps, config.numInput());
        Bptt withPadding = new Bptt(model, true);
        Bptt without = new Bptt(model, false);
        assertEquals(padded, withPadding.routesPadded());
        assertEquals(false, without.routesPadded());
        Gradients a = new Gradients(model);
        Gradients b = new Gradients(model);
        for (int s = 0; s < batch; s++) {
            float[] ya = new float[steps * model.numOutput()];
            float[] yb = new float[ya.length];
            withPadding.forward(input, s, ya, 0);
            without.forward(input, s, yb, 0);
            assertArrayEquals(yb, ya);
            double[] gy = new double[ya.length];
            for (int i = 0; i < gy.length; i++) {
                gy[i] = ya[i] - Math.sin(i);
            }
            withPadding.backward(steps, gy, 0, a);
            without.backward(steps, gy, 0, b);
        }
        for (int p = 0; p < model.parameterCount(); p++) {
            double[] ga = a.parameter(p);
            double[] gb = b.parameter(p);
            for (int i = 0; i < ga.length; i++) {
                assertEquals(Double.doubleToRawLongBits(gb[i]), Double.doubleToRawLongBits(ga[i]), "parameter " + p + " [" + i + "]");
            }
        }
    }
}
