package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval checks that the model fits the task before it reads data (a NeuronIO model, 19 outputs on
 * 20-class SHD, 699 inputs on 700 channels), shows progress, and predict creates missing folders.
 */
class EvalModelFitTest {

    static Path model(Path dir, int numInput, int numOutput) throws Exception {
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(numInput, numOutput).numMemory(2).build(), 0), dir);
        return dir;
    }

    static String test() {
        return ReferenceData.testData("shd/shd_test.h5").toString();
    }

    /** {@code eval TASK --model MODEL} on shd_test.h5 is one error line naming the model's config, the field and both values. */
    static void assertEvalRefuses(String task, Path model, String field, String expected, String found) {
        HostileInput.assertOneLineError(model.resolve("model_config.json"),
            new String[] {"eval", task, "--model", model.toString(), "--test", test()},
            model.getFileName().toString(), field, expected, found);
    }

    @Test
    void aNeuronioModelOnShdIsAOneLineErrorNamingTheField() {
        Path neuronio = ReferenceData.require("models/num_memory_20");
        assertEvalRefuses("shd", neuronio, "num_output", "expected 20", "found 2");
    }

    @Test
    void outputsThatAreNotTheTasksClassesAreAnError(@TempDir Path tmp) throws Exception {
        Path nineteen = model(tmp.resolve("nineteen"), 700, 19);
        assertEvalRefuses("shd", nineteen, "num_output", "expected 20", "found 19");
        Path twenty = model(tmp.resolve("twenty"), 700, 20);
        assertEvalRefuses("shd-adding", twenty, "num_output", "expected 19", "found 20");
    }

    @Test
    void inputsThatAreNotTheFilesChannelsAreAnError(@TempDir Path tmp) throws Exception {
        Path narrow = model(tmp.resolve("narrow"), 699, 20);
        assertEvalRefuses("shd", narrow, "num_input", "expected 700", "found 699");
    }

    @Test
    void evalShdAddingShowsProgress(@TempDir Path tmp) throws Exception {
        Path m = model(tmp.resolve("m"), 700, 19);
        CliRunner r = CliRunner.run("eval", "shd-adding", "--model", m.toString(), "--test", test(), "--batches", "2",
            "--bin-ms", "50", "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.err.contains("test batches 2/2"), r.err);
        assertTrue(r.out.contains("(16 samples)"), r.out);
    }

    @Test
    void predictCreatesTheFoldersOfItsOutput(@TempDir Path tmp) {
        Path golden = ReferenceData.goldenElm("synthetic-plain");
        Path y = tmp.resolve("new/deeper/y.npy");
        CliRunner r = CliRunner.run("predict", "--model", golden.toString(), "--input",
            golden.resolve("input.npy").toString(), "--output", y.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(Files.isRegularFile(y));
    }
}
