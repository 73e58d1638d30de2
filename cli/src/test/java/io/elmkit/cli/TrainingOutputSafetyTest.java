package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training never loses a user's files: no fresh run into a non-empty --out without --resume or
 * --force, no deletion through a link planted at best/ or last/, no deletion of a file we did not
 * write, and a run killed while replacing a checkpoint leaves one the next run can load.
 */
class TrainingOutputSafetyTest {

    /** A tiny train shd-adding run (seconds) into {@code out}, with {@code more} options (--epochs among them). */
    static CliRunner trainAdding(Path out, String... more) {
        String[] base = {"train", "shd-adding", "--train", ReferenceData.testData("shd/shd_train.h5").toString(),
            "--test", ReferenceData.testData("shd/shd_test.h5").toString(), "--out", out.toString(),
            "--batches-per-epoch", "3", "--memory", "4", "--branches", "100", "--bin-ms", "50", "--threads", "2"};
        return CliRunner.run(ResumeCheck.concat(base, more));
    }

    @Test
    void aFreshRunIntoANonEmptyOutIsRefusedNamingResumeAndForce(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("results.txt"), "three weeks of work");
        CliRunner r = trainAdding(out, "--epochs", "1");
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.err.contains("not empty") && r.err.contains("--resume") && r.err.contains("--force")
            && r.err.contains("results.txt"), r.err);
        assertEquals("three weeks of work", Files.readString(out.resolve("results.txt")));
        CliRunner resume = trainAdding(out, "--epochs", "1", "--resume");
        assertEquals(1, resume.exitCode, resume.err);
        assertTrue(resume.err.contains("no training_state.npz"), resume.err);
    }

    @Test
    void aSymlinkedBestIsRefusedAndTheFilesItPointsToSurvive(@TempDir Path tmp) throws Exception {
        Path precious = Files.createDirectory(tmp.resolve("precious"));
        Files.writeString(precious.resolve("thesis.tex"), "chapter 1");
        Files.writeString(precious.resolve("model_config.json"), "{\"mine\": 1}");
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.createSymbolicLink(out.resolve("best"), precious);
        CliRunner r = trainAdding(out, "--epochs", "1", "--force");
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.err.contains("symbolic link") && r.err.contains("best"), r.err);
        assertEquals("chapter 1", Files.readString(precious.resolve("thesis.tex")));
        assertEquals("{\"mine\": 1}", Files.readString(precious.resolve("model_config.json")));
        assertFalse(Files.exists(precious.resolve(ModelDirectory.STATE_FILE)), "no model written through the link");
    }

    @Test
    void aUserFileInBestIsKeptAndTheRunRefused(@TempDir Path tmp) throws Exception {
        Path best = Files.createDirectories(tmp.resolve("out/best"));
        Files.writeString(best.resolve("README.txt"), "the model I sent to the reviewers");
        CliRunner r = trainAdding(tmp.resolve("out"), "--epochs", "1", "--force");
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.err.contains("README.txt") && r.err.contains("will not delete"), r.err);
        assertEquals("the model I sent to the reviewers", Files.readString(best.resolve("README.txt")));
    }

    @Test
    void forceReplacesOnlyOurFilesAndEveryPhaseShowsProgress(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("notes.md"), "mine");
        CliRunner r = trainAdding(out, "--force", "--epochs", "1");
        assertEquals(0, r.exitCode, r.err);
        assertEquals("mine", Files.readString(out.resolve("notes.md")));
        assertTrue(Files.exists(out.resolve("best/model_state.pt")));
        // Validation (a quarter of 3 batches: 1) and test (3 batches) follow the budget, with progress.
        assertTrue(r.err.contains("validation batches 1/1"), r.err);
        assertTrue(r.err.contains("test batches 3/3"), r.err);
        assertTrue(r.err.contains("batches 3/3"), r.err);
    }

    @Test
    void aRunKilledWhileReplacingACheckpointResumesFromALoadableOne(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRunner first = trainAdding(out, "--epochs", "2", "--stop-after-epoch", "1");
        assertEquals(0, first.exitCode, first.err);
        // Killed between the renames: last is gone, last.old holds it, last.tmp is half written.
        Files.move(out.resolve("last"), out.resolve("last.old"));
        Path stale = Files.createDirectory(out.resolve("last.tmp"));
        Files.writeString(stale.resolve("model_config.json"), "{\"num_in");
        Path staleBest = Files.createDirectory(out.resolve("best.tmp"));
        Files.writeString(staleBest.resolve("model_state.pt"), "PK");
        CliRunner resumed = trainAdding(out, "--epochs", "2", "--resume");
        assertEquals(0, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("resuming after epoch 1"), resumed.err);
        ModelDirectory.load(out.resolve("last"));
        ModelDirectory.load(out.resolve("best"));
        for (String left : new String[] {"last.old", "last.tmp", "best.tmp", "best.old"}) {
            assertFalse(Files.exists(out.resolve(left)), left + " left behind");
        }
    }

    @Test
    void aResumeWithAnOptionThatContradictsTheSavedRunIsAnError(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        CliRunner first = trainAdding(out, "--epochs", "2", "--stop-after-epoch", "1");
        assertEquals(0, first.exitCode, first.err);
        CliRunner resumed = trainAdding(out, "--epochs", "2", "--resume", "--tau-max", "400");
        assertEquals(1, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("memory_tau_max") && resumed.err.contains("has 500")
            && resumed.err.contains("asks for 400"), resumed.err);
    }

    @Test
    void fitNeuronioRefusesANonEmptyOutToo(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "x");
        CliRunner r = CliRunner.run("fit-neuronio", "--traces", ReferenceData.require("neuron/l5pc_seed102.p").toString(),
            "--out", out.toString(), "--epochs", "1", "--batches-per-epoch", "1");
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.err.contains("--resume") && r.err.contains("--force"), r.err);
        assertEquals("x", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void fitNeuronioInitWithAContradictingMemoryIsAnErrorNamingBoth(@TempDir Path tmp) throws Exception {
        Path init = ReferenceData.require("models/num_memory_20");
        CliRunner r = CliRunner.run("fit-neuronio", "--traces", ReferenceData.require("neuron/l5pc_seed102.p").toString(),
            "--init", init.toString(), "--memory", "10", "--out", tmp.resolve("out").toString(), "--epochs", "1",
            "--batches-per-epoch", "1");
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.err.contains("num_memory is 20") && r.err.contains("--memory asks for 10"), r.err);
    }
}
