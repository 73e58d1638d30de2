package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.train.Bptt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ReferenceStep}, docs/model.md's step written out, is the oracle: it reproduces every golden output,
 * and every fast path (dense, event-driven per neuron, event-driven batched, the training
 * forward) agrees with it on every golden model, with the golden batch repeated so that the
 * batched kernel runs too.
 */
class ReferenceStepTest {
    /** Within the tolerance of docs/model.md for outputs (|y| reaches ~20; float32 paths vs a float64 oracle). */
    private static final double TOLERANCE = 1e-4;

    static Path goldenRoot() {
        return Path.of(System.getProperty("elmkit.shared", "../shared")).resolve("golden/elm");
    }

    static Stream<String> cases() throws IOException {
        Path root = goldenRoot();
        if (!Files.isDirectory(root)) {
            return Stream.of("(shared data absent)");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPathAgreesWithTheReferenceStep(String name) throws Exception {
        Path dir = goldenRoot().resolve(name);
        assumeTrue(Files.isDirectory(dir), "../shared/golden/elm not present: skipping " + name);
        ElmModel model = ModelDirectory.load(dir);
        int[] shape = Npy.read(dir.resolve("input.npy")).shape();
        float[] goldenX = Npy.read(dir.resolve("input.npy")).toFloatArray();
        float[] goldenY = Npy.read(dir.resolve("output.npy")).toFloatArray();
        int steps = shape[1];
        int dIn = model.numInput();
        int dO = model.numOutput();
        // Repeat the golden batch up to at least 9 sequences (the batched kernel runs from 8 on).
        int batch = Math.max(shape[0], 9);
        float[] x = new float[batch * steps * dIn];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(goldenX, (b % shape[0]) * steps * dIn, x, b * steps * dIn, steps * dIn);
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
        for (int b = 0; b < batch; b += shape[0]) {
            float[] one = single.forward(java.util.Arrays.copyOfRange(x, b * steps * dIn, (b + 1) * steps * dIn), 1, steps);
            assertClose(name + " event per neuron", java.util.Arrays.copyOfRange(expected, b * steps * dO, (b + 1) * steps * dO),
                one, one.length);
        }
        Bptt bptt = new Bptt(model);
        float[] trained = new float[steps * dO];
        bptt.forward(x, 0, steps, trained, 0);
        assertClose(name + " training forward", expected, trained, trained.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neuronsAboveTheActiveCountAreNotSteppedAndTheOthersDoNotNotice(String name) throws Exception {
        Path dir = goldenRoot().resolve(name);
        assumeTrue(Files.isDirectory(dir), "../shared/golden/elm not present: skipping " + name);
        ElmModel model = ModelDirectory.load(dir);
        int[] shape = Npy.read(dir.resolve("input.npy")).shape();
        float[] goldenX = Npy.read(dir.resolve("input.npy")).toFloatArray();
        int steps = shape[1];
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
                System.arraycopy(goldenX, ((b % shape[0]) * steps + t) * dIn, rows, b * dIn, dIn);
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
        double worst = 0;
        int at = -1;
        for (int i = 0; i < n; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            if (!(err <= worst)) {
                worst = err;
                at = i;
            }
        }
        assertTrue(worst <= TOLERANCE, what + ": max |difference| " + worst + " at " + at);
    }
}
