package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.golden.GoldenCase;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.GoldenTolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Loss and every gradient of golden/elm within the tolerances of docs/model.md (Precision). */
class GoldenGradientTest {

    @GoldenElmCases
    void lossAndGradientsMatchTheReference(String name) throws Exception {
        GoldenCase golden = GoldenCase.load(name);
        ElmModel model = golden.model;
        float[] y = new float[golden.batch * golden.steps * model.numOutput()];
        Map<String, NdArray> grads = GradientRunner.gradients(model, golden.input, golden.batch, golden.steps, y, golden.dir);
        double loss = GradientRunner.lastLoss;
        double expectedLoss = golden.read("loss.npy").getDouble(0);
        assertEquals(expectedLoss, loss, 1e-5 * Math.abs(expectedLoss), name + " loss");
        try (Stream<Path> files = Files.list(golden.dir.resolve("grad"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String param = f.getFileName().toString().replace(".npy", "");
                assertTrue(grads.containsKey(param), name + ": no gradient for " + param);
                double worst = GoldenTolerance.gradientError(Npy.read(f).toFloatArray(), grads.get(param).toFloatArray());
                assertTrue(worst <= GoldenTolerance.GRADIENT, name + " " + param + ": relative error " + worst);
            }
        }
    }
}
