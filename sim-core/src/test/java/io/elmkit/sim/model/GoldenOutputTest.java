package io.elmkit.sim.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.golden.GoldenCase;
import io.elmkit.sim.step.DenseStepper;
import io.elmkit.sim.step.ElmStepper;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.GoldenTolerance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Every golden case of golden/elm: outputs of both steppers within 1e-4 of the reference. */
class GoldenOutputTest {

    @GoldenElmCases
    void bothSteppersReproduceTheReferenceOutput(String name) throws Exception {
        GoldenCase golden = GoldenCase.load(name);
        ElmModel model = golden.model;
        int batch = golden.batch;
        int steps = golden.steps;
        assertEquals(model.numInput(), golden.channels);
        float[] x = golden.input;
        float[] y = golden.output();
        for (ElmStepper stepper : List.of(new DenseStepper(model, batch), new EventStepper(model, batch))) {
            double maxErr = GoldenTolerance.maxAbsDifference(y, stepper.forward(x, batch, steps), y.length);
            assertTrue(maxErr <= GoldenTolerance.OUTPUT,
                name + " " + stepper.getClass().getSimpleName() + ": max |y - golden| = " + maxErr);
        }
        float[] dense = new DenseStepper(model, batch).forward(x, batch, steps);
        float[] event = new EventStepper(model, batch).forward(x, batch, steps);
        for (int i = 0; i < dense.length; i++) {
            assertEquals(dense[i], event[i], 1e-5, name + ": event vs dense at " + i);
        }
    }

    @GoldenElmCases
    void stateDictsWeWriteReadBackIdentically(String name, @TempDir Path tmp) throws Exception {
        ElmModel model = GoldenCase.load(name).model;
        ModelDirectory.save(model, tmp);
        ElmModel back = ModelDirectory.load(tmp);
        assertEquals(model.toStateDict().keySet(), back.toStateDict().keySet());
        for (String key : model.toStateDict().keySet()) {
            assertEquals(model.toStateDict().get(key), back.toStateDict().get(key), key);
        }
        assertEquals(model.config().toJson(), back.config().toJson());
        assertArrayEquals(model.kappaM(), back.kappaM());
    }
}
