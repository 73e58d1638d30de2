package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npy;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.GoldenTolerance;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class GradientsCommandTest {

    @GoldenElmCases
    void gradientsCommandReproducesTheGoldens(String name, @TempDir Path tmp) throws Exception {
        Path dir = ReferenceData.goldenElm(name);
        List<String> args = new ArrayList<>(List.of("gradients", "--model", dir.toString(), "--input",
            dir.resolve("input.npy").toString(), "--out", tmp.toString()));
        if (Files.exists(dir.resolve("target.npy"))) {
            args.addAll(List.of("--loss", "mse", "--target", dir.resolve("target.npy").toString()));
        } else {
            args.addAll(List.of("--loss", "neuronio", "--target-spike", dir.resolve("target_spike.npy").toString(),
                "--target-soma", dir.resolve("target_soma.npy").toString()));
        }
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode, r.err);
        double expectedLoss = Npy.read(dir.resolve("loss.npy")).getDouble(0);
        assertEquals(expectedLoss, Npy.read(tmp.resolve("loss.npy")).getDouble(0), 1e-5 * expectedLoss);
        try (Stream<Path> files = Files.list(dir.resolve("grad"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                float[] expected = Npy.read(f).toFloatArray();
                float[] actual = Npy.read(tmp.resolve("grad").resolve(f.getFileName())).toFloatArray();
                double worst = GoldenTolerance.gradientError(expected, actual);
                assertTrue(worst <= GoldenTolerance.GRADIENT, name + " " + f.getFileName() + ": relative error " + worst);
            }
        }
    }
}
