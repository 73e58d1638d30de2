package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit-neuronio end to end on a tiny budget: files written, resume exact, result accepted by eval-neuronio. */
class FitNeuronioCommandTest {

    @Test
    void aStoppedAndResumedFitEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        String[] common = {"fit-neuronio", "--traces", ReferenceData.require("neuron/l5pc_seed102.p").toString(), "--memory", "4",
            "--epochs", "2", "--batches-per-epoch", "4", "--batch", "4", "--threads", "2", "--lr", "1e-3"};
        Path whole = ResumeCheck.assertResumeIsExact(common, tmp);
        for (String f : new String[] {"best/model_config.json", "last/model_state.pt", "curve.csv", "learning_curve.png",
            "validation_auc.png", "validation_soma_rmse.svg", "training_state.npz"}) {
            assertTrue(Files.exists(whole.resolve(f)), "missing " + f);
        }
        assertEquals(3, Files.readAllLines(whole.resolve("curve.csv")).size());
        // Without --valid the last simulation of the file is held out (here a silent one: AUC NaN, RMSE defined).
        CliRunner log = CliRunner.run(ResumeCheck.concat(common, "--out", tmp.resolve("again").toString()));
        assertTrue(log.err.contains("7 training simulations, 1 validation simulations"), log.err);
        assertTrue(log.err.contains("validation AUC NaN"), log.err);
        CliRunner eval = CliRunner.run("eval-neuronio", "--model", whole.resolve("best").toString(), "--traces",
            ReferenceData.require("neuron/l5pc_seed101.p").toString());
        assertEquals(0, eval.exitCode, eval.err);
        assertTrue(eval.out.contains("AUC"), eval.out);
    }

    @Test
    void aModelThatDoesNotFitTheSimulationsIsAClearError(@TempDir Path tmp) throws Exception {
        Path golden = ReferenceData.goldenElm("synthetic-plain");
        CliRunner r = CliRunner.run("fit-neuronio", "--traces", ReferenceData.require("neuron/l5pc_seed102.p").toString(), "--init",
            golden.toString(), "--out", tmp.toString(), "--epochs", "1", "--batches-per-epoch", "1");
        assertEquals(1, r.exitCode);
        assertTrue(r.err.contains("synthetic-plain") && r.err.contains("num_input 1278"), r.err);
    }
}
