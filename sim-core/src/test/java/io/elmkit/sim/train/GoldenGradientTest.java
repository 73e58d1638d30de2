package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Loss and every gradient of ../shared/golden/elm within the tolerances of docs/model.md (Precision). */
class GoldenGradientTest {

    static Path golden() {
        return Path.of(System.getProperty("elmkit.shared", "../shared")).resolve("golden/elm");
    }

    static Stream<String> cases() throws IOException {
        if (!Files.isDirectory(golden())) {
            return Stream.of("(shared data absent)");
        }
        try (Stream<Path> s = Files.list(golden())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lossAndGradientsMatchTheReference(String name) throws Exception {
        Path dir = golden().resolve(name);
        assumeTrue(Files.isDirectory(dir), "../shared/golden/elm not present: skipping " + name);
        ElmModel model = ModelDirectory.load(dir);
        NdArray input = Npy.read(dir.resolve("input.npy"));
        int batch = input.dim(0);
        int steps = input.dim(1);
        float[] x = input.toFloatArray();
        float[] y = new float[batch * steps * model.numOutput()];
        Map<String, NdArray> grads = GradientRunner.gradients(model, x, batch, steps, y, dir);
        double loss = GradientRunner.lastLoss;
        double expectedLoss = Npy.read(dir.resolve("loss.npy")).getDouble(0);
        assertEquals(expectedLoss, loss, 1e-5 * Math.abs(expectedLoss), name + " loss");
        try (Stream<Path> files = Files.list(dir.resolve("grad"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String param = f.getFileName().toString().replace(".npy", "");
                float[] expected = Npy.read(f).toFloatArray();
                assertTrue(grads.containsKey(param), name + ": no gradient for " + param);
                float[] actual = grads.get(param).toFloatArray();
                double maxAbs = 0;
                for (float v : expected) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    double err = Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + 1e-6 + 1e-4 * maxAbs);
                    worst = Math.max(worst, err);
                }
                assertTrue(worst <= 1e-3, name + " " + param + ": relative error " + worst);
            }
        }
    }
}
