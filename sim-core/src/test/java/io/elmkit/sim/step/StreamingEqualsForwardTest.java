package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streaming per-step events (again after a reset) gives exactly what forward() on dense rows gives,
 * and the dense stepper agrees to float rounding.
 */
class StreamingEqualsForwardTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 64})
    void eventsAfterResetEqualForwardBitForBit(int batch) {
        ElmModel model = ElmModel.initialise(ElmConfig.builder(1278, 2).numMemory(20).numBranch(45)
            .numSynapsePerBranch(100).routing(Routing.NEURONIO).memoryTauMaxMs(150).build(), 2024);
        int steps = 120;
        int dIn = model.numInput();
        float[] x = PoissonRaster.dense(7, batch, steps, dIn, 14.0, 1.0);
        float[] expected = new EventStepper(model, batch).forward(x, batch, steps);
        float[] dense = new DenseStepper(model, batch).forward(x, batch, steps);
        for (int i = 0; i < dense.length; i++) {
            assertEquals(dense[i], expected[i], 1e-5, "dense vs event, element " + i);
        }
        EventStepper stepper = new EventStepper(model, batch);
        float[] y = new float[expected.length];
        StepEvents events = new StepEvents();
        for (int round = 0; round < 2; round++) {
            stepper.reset();
            for (int t = 0; t < steps; t++) {
                events.fillFromDense(x, t * dIn, steps * dIn, batch, dIn);
                stepper.step(events, y, t * 2, steps * 2);
            }
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i], y[i], 0.0, "round " + round + ", element " + i);
            }
        }
    }
}
