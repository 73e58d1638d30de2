package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.junit.jupiter.api.Test;

/**
 * A {@link Bptt} built over the previous training step's instance (its tables, layouts and storage
 * taken over, the new model's weights copied in) gives a fresh instance's outputs and gradients bit
 * for bit; a model of another structure gets its own tables.
 */
class ReusedBpttTest {

    @Test
    void reusedInstanceEqualsFreshOne() {
        ElmConfig config = ElmConfig.builder(1278, 2).numMemory(6).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).build();
        ElmModel before = ElmModel.initialise(config, 3);
        ElmModel after = ElmModel.initialise(config, 4);
        int steps = 150;
        SpikeSequences input = input(config, steps);
        Bptt previous = new Bptt(before);
        run(previous, before, input, steps); // fills its storage and scratch with the old model's values
        Bptt reused = new Bptt(after, previous);
        assertEquals(true, reused.sharesTablesWith(previous));
        assertSameBits(after, run(new Bptt(after), after, input, steps), run(reused, after, input, steps));
    }

    @Test
    void otherStructureGetsItsOwnTables() {
        ElmConfig config = ElmConfig.builder(1278, 2).numMemory(6).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).build();
        ElmConfig wider = ElmConfig.builder(1278, 2).numMemory(8).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).build();
        int steps = 40;
        Bptt previous = new Bptt(ElmModel.initialise(config, 3));
        run(previous, ElmModel.initialise(config, 3), input(config, steps), steps);
        ElmModel model = ElmModel.initialise(wider, 5);
        Bptt other = new Bptt(model, previous);
        assertEquals(false, other.sharesTablesWith(previous));
        SpikeSequences input = input(wider, steps);
        assertSameBits(model, run(new Bptt(model), model, input, steps), run(other, model, input, steps));
    }

    private static SpikeSequences input(ElmConfig config, int steps) {
        float[] x = PoissonRaster.dense(4, 2, steps, config.numInput(), 30.0, 1.0);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (i % 7) - 2.5f;
        }
        return SpikeSequences.fromDense(x, 0, 2, steps, config.numInput());
    }

    /** Forward and backward of both sequences; the outputs are appended after the gradients' check values. */
    private static Object[] run(Bptt bptt, ElmModel model, SpikeSequences input, int steps) {
        Gradients grads = new Gradients(model);
        float[] y = new float[input.batch() * steps * model.numOutput()];
        for (int s = 0; s < input.batch(); s++) {
            int offset = s * steps * model.numOutput();
            bptt.forward(input, s, y, offset);
            double[] gy = new double[y.length];
            for (int i = offset; i < offset + steps * model.numOutput(); i++) {
                gy[i] = y[i] - Math.sin(i);
            }
            bptt.backward(steps, gy, offset, grads);
        }
        return new Object[] {y, grads};
    }

    private static void assertSameBits(ElmModel model, Object[] fresh, Object[] reused) {
        assertArrayEquals((float[]) fresh[0], (float[]) reused[0]);
        Gradients a = (Gradients) fresh[1];
        Gradients b = (Gradients) reused[1];
        for (int p = 0; p < model.parameterCount(); p++) {
            double[] ga = a.parameter(p);
            double[] gb = b.parameter(p);
            for (int i = 0; i < ga.length; i++) {
                assertEquals(Double.doubleToRawLongBits(ga[i]), Double.doubleToRawLongBits(gb[i]), "parameter " + p + " [" + i + "]");
            }
        }
    }
}
