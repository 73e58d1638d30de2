package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end on a tiny budget: every step runs, files and plots are written, the engine agrees with the trainer. */
class DemoCommandTest {

    @Test
    void theDemoRunsEndToEndAndWritesItsFiles(@TempDir Path tmp) {
        Path out = tmp.resolve("demo");
        CliRunner r = CliRunner.run("demo", "--out", out.toString(), "--epochs", "2", "--batches-per-epoch", "20",
            "--test-pairs", "48", "--bin-ms", "50", "--threads", "2");
        assertEquals(0, r.exitCode, r.out + r.err);
        for (String step : new String[] {"1. data", "2. SHD-Adding", "3. training", "4. engine", "test accuracy",
            "real-time factor", "5. plots"}) {
            assertTrue(r.out.contains(step), "missing '" + step + "' in\n" + r.out);
        }
        for (String file : new String[] {"data/synthetic_shd_train.h5", "data/synthetic_shd_test.h5",
            "data/shd_adding_test_events.npz", "training/learning_curve.png", "training/learning_curve.csv",
            "training/best/model_config.json", "training/training_loss.png", "pair0_input_raster.png",
            "pair0_input_raster.svg", "pair0_output.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(file)), "missing " + file);
        }
    }
}
