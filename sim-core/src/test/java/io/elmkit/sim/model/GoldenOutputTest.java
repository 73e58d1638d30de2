package io.elmkit.sim.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.step.DenseStepper;
import io.elmkit.sim.step.ElmStepper;
import io.elmkit.sim.step.EventStepper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden case of ../shared/golden/elm: outputs of both steppers within 1e-4 of the reference. */
class GoldenOutputTest {

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

    static Path caseDir(String name) {
        Path dir = goldenRoot().resolve(name);
        assumeTrue(Files.isDirectory(dir), "../shared/golden/elm not present: skipping golden case " + name);
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothSteppersReproduceTheReferenceOutput(String name) throws Exception {
        Path dir = caseDir(name);
        ElmModel model = ModelDirectory.load(dir);
        NdArray input = Npy.read(dir.resolve("input.npy"));
        NdArray expected = Npy.read(dir.resolve("output.npy"));
        int[] shape = input.shape();
        int batch = shape[0];
        int steps = shape[1];
        assertEquals(model.numInput(), shape[2]);
        float[] x = input.toFloatArray();
        float[] y = expected.toFloatArray();
        for (ElmStepper stepper : List.of(new DenseStepper(model, batch), new EventStepper(model, batch))) {
            float[] out = stepper.forward(x, batch, steps);
            double maxErr = 0;
            for (int i = 0; i < y.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(out[i] - y[i]));
            }
            assertTrue(maxErr <= 1e-4, name + " " + stepper.getClass().getSimpleName() + ": max |y - golden| = " + maxErr);
        }
        float[] dense = new DenseStepper(model, batch).forward(x, batch, steps);
        float[] event = new EventStepper(model, batch).forward(x, batch, steps);
        for (int i = 0; i < dense.length; i++) {
            assertEquals(dense[i], event[i], 1e-5, name + ": event vs dense at " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateDictsWeWriteReadBackIdentically(String name, @TempDir Path tmp) throws Exception {
        Path dir = caseDir(name);
        ElmModel model = ModelDirectory.load(dir);
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
