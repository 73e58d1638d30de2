package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.sim.golden.GoldenCase;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.ReferenceData;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A neuron's state saved half-way and loaded into another stepper (another slot, another batch
 * size, so the other memory kernel) continues bit for bit: what a checkpoint restore relies on.
 */
class NeuronStateTest {

    static Stream<String> models() {
        return Stream.concat(Stream.of("neuronio-init"), ReferenceData.goldenElmCases().stream());
    }

    static ElmModel model(String name) throws Exception {
        if (name.equals("neuronio-init")) {
            return ElmModel.initialise(ElmConfig.builder(1278, 2).numMemory(20).numBranch(45).numSynapsePerBranch(100)
                .routing(Routing.NEURONIO).build(), 7);
        }
        return GoldenCase.load(name).model;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void savedStateContinuesBitForBit(String name) throws Exception {
        ElmModel model = model(name);
        for (boolean dense : new boolean[] {false, true}) {
            int batch = 3;
            int steps = 60;
            int half = 25;
            int dIn = model.numInput();
            int dO = model.numOutput();
            float[] x = PoissonRaster.dense(11, batch, steps, dIn, 20.0, 1.0);
            ElmStepper whole = dense ? new DenseStepper(model, batch) : new EventStepper(model, batch);
            float[] expected = whole.forward(x, batch, steps);

            ElmStepper first = dense ? new DenseStepper(model, batch) : new EventStepper(model, batch);
            // The second stepper has 9 slots (the batched kernel: another memory layout), neuron b in slot 8 - b.
            int wide = 9;
            ElmStepper second = dense ? new DenseStepper(model, wide) : new EventStepper(model, wide);
            assertEquals(first.neuronStateLength(), second.neuronStateLength(), name);
            float[] yWide = new float[wide * dO];
            StepEvents events = new StepEvents();
            float[] got = new float[expected.length];
            for (int t = 0; t < half; t++) {
                events.fillFromDense(x, t * dIn, steps * dIn, batch, dIn);
                float[] out = new float[batch * dO];
                first.step(events, out, 0, dO);
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(out, b * dO, got, (b * steps + t) * dO, dO);
                }
            }
            int length = first.neuronStateLength();
            double[] saved = new double[batch * length];
            for (int b = 0; b < batch; b++) {
                first.saveNeuronState(b, saved, b * length);
            }
            for (int b = 0; b < batch; b++) {
                second.loadNeuronState(wide - 1 - b, saved, b * length);
            }
            StepEvents moved = new StepEvents();
            for (int t = half; t < steps; t++) {
                events.fillFromDense(x, t * dIn, steps * dIn, batch, dIn);
                moved.clear();
                for (int e = 0; e < events.size(); e++) {
                    moved.add(wide - 1 - events.neuron(e), events.channel(e), events.value(e));
                }
                second.step(moved, yWide, 0, dO);
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(yWide, (wide - 1 - b) * dO, got, (b * steps + t) * dO, dO);
                }
            }
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]),
                    name + (dense ? " dense" : " event") + ": element " + i + " after restore");
            }
        }
    }
}
