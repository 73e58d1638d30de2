package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.golden.GoldenCase;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.train.Bptt;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.GoldenTolerance;

/**
 * {@link ReferenceStep}, docs/model.md written out, is the oracle: it reproduces every golden output,
 * and every fast path (dense, event-driven per neuron, event-driven batched, the training
 * forward) agrees with it on every golden model, with the golden batch repeated so that the
 * batched kernel runs too.
 */
class ReferenceStepTest {
    @GoldenElmCases
    void everyPathAgreesWithTheReferenceStep(String name) throws Exception {
        GoldenCase golden = GoldenCase.load(name);
        ElmModel model = golden.model;
        float[] goldenY = golden.output();
        int steps = golden.steps;
        int dIn = model.numInput();
        int dO = model.numOutput();
        // Repeat the golden batch up to at least 9 sequences (the batched kernel runs from 8 on).
        int batch = Math.max(golden.batch, 9);
        float[] x = new float[batch * steps * dIn];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(golden.input, (b % golden.batch) * steps * dIn, x, b * steps * dIn, steps * dIn);
        }
        ReferenceStep reference = new ReferenceStep(model);
        float[] expected = new float[batch * steps * dO];
        for (int b = 0; b < batch; b++) {
            float[] y = reference.forward(x, b * steps * dIn, steps);
            System.arraycopy(y, 0, expected, b * steps * dO, y.length);
        }
        assertClose(name + " reference vs golden", goldenY, expected, goldenY.length);
        assertClose(name + " dense", expected, new DenseStepper(model, batch).forward(x, batch, steps), expected.length);
        assertClose(name + " event batched", expected, new EventStepper(model, batch).forward(x, batch, steps), expected.length);
        EventStepper single = new EventStepper(model, 1);
        for (int b = 0; b < batch; b += golden.batch) {
            float[] one = single.forward(java.util.Arrays.copyOfRange(x, b * steps * dIn, (b + 1) * steps * dIn), 1, steps);
            assertClose(name + " event per neuron", java.util.Arrays.copyOfRange(expected, b * steps * dO, (b + 1) * steps * dO),
                one, one.length);
        }
        Bptt bptt = new Bptt(model);
        float[] trained = new float[steps * dO];
        bptt.forward(x, 0, steps, trained, 0);
        assertClose(name + " training forward", expected, trained, trained.length);
    }

    @GoldenElmCases
    void neuronsAboveTheActiveCountAreNotSteppedAndTheOthersDoNotNotice(String name) throws Exception {
        GoldenCase golden = GoldenCase.load(name);
        ElmModel model = golden.model;
        float[] goldenX = golden.input;
        int steps = golden.steps;
        int dIn = model.numInput();
        int dO = model.numOutput();
        int batch = 12;
        int active = 9;
        float[] rows = new float[batch * dIn];
        float[] full = new float[batch * dO];
        float[] part = new float[batch * dO];
        EventStepper all = new EventStepper(model, batch);
        EventStepper some = new EventStepper(model, batch);
        some.setActiveNeurons(active);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(goldenX, ((b % golden.batch) * steps + t) * dIn, rows, b * dIn, dIn);
            }
            all.step(rows, 0, dIn, full, 0, dO);
            java.util.Arrays.fill(rows, active * dIn, batch * dIn, 0f);
            some.step(rows, 0, dIn, part, 0, dO);
            assertArrayEquals(java.util.Arrays.copyOf(full, active * dO), java.util.Arrays.copyOf(part, active * dO),
                name + " step " + t);
            for (int i = active * dO; i < batch * dO; i++) {
                assertTrue(part[i] == 0f, name + ": output of an inactive neuron was written at step " + t);
            }
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual, int n) {
        double worst = GoldenTolerance.maxAbsDifference(expected, actual, n);
        assertTrue(worst <= GoldenTolerance.OUTPUT, what + ": max |difference| " + worst);
    }
}
