package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short training runs end to end: checkpoints, curves, and eval reading the checkpoint back. */
class TrainAndEvalCommandTest {

    static Path shd(String name) {
        Path p = Path.of(System.getProperty("elmkit.shared", "../shared")).resolve("shd").resolve(name);
        assumeTrue(Files.exists(p), "../shared/shd not present: skipping training runs");
        return p;
    }

    @Test
    void trainShdThenEvalGivesTheReportedAccuracy(@TempDir Path tmp) throws Exception {
        CliRunner train = CliRunner.run("train", "shd", "--train", shd("shd_train.h5").toString(), "--test",
            shd("shd_test.h5").toString(), "--out", tmp.toString(), "--epochs", "2", "--memory", "8", "--branches", "100",
            "--bin-ms", "20", "--dropout", "0.2", "--lr", "1e-2");
        assertEquals(0, train.exitCode, train.err);
        assertTrue(Files.exists(tmp.resolve("best/model_state.pt")));
        assertTrue(Files.exists(tmp.resolve("learning_curve.png")) && Files.exists(tmp.resolve("learning_curve.csv")));
        assertEquals(3, Files.readAllLines(tmp.resolve("learning_curve.csv")).size(), "header and one row per epoch");
        String reported = train.out.replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1").trim();
        CliRunner eval = CliRunner.run("eval", "shd", "--model", tmp.resolve("best").toString(), "--test",
            shd("shd_test.h5").toString(), "--json");
        assertEquals(0, eval.exitCode, eval.err);
        JsonNode result = new ObjectMapper().readTree(eval.out);
        assertEquals(Double.parseDouble(reported), result.get("test_accuracy").asDouble(), 1e-4);
    }

    @Test
    void aStoppedAndResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        String[] common = {"train", "shd-adding", "--train", shd("shd_train.h5").toString(), "--test",
            shd("shd_test.h5").toString(), "--epochs", "2", "--batches-per-epoch", "6", "--validation-batches", "2",
            "--test-batches", "2", "--memory", "6", "--branches", "100", "--bin-ms", "20", "--threads", "2"};
        Path whole = tmp.resolve("whole");
        Path split = tmp.resolve("split");
        assertEquals(0, CliRunner.run(concat(common, "--out", whole.toString())).exitCode);
        CliRunner first = CliRunner.run(concat(common, "--out", split.toString(), "--stop-after-epoch", "1"));
        assertEquals(0, first.exitCode, first.err);
        assertTrue(first.out.contains("stopped early"), first.out);
        CliRunner resumed = CliRunner.run(concat(common, "--out", split.toString(), "--resume"));
        assertEquals(0, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("resuming after epoch 1"), resumed.err);
        var a = io.elmkit.io.torch.TorchStateDict.read(whole.resolve("last/model_state.pt"));
        var b = io.elmkit.io.torch.TorchStateDict.read(split.resolve("last/model_state.pt"));
        for (String key : a.keySet()) {
            assertEquals(a.get(key), b.get(key), key);
        }
    }

    @Test
    void trainShdToo_aStoppedAndResumedRunEndsBitIdentical(@TempDir Path tmp) throws Exception {
        String[] common = {"train", "shd", "--train", shd("shd_train.h5").toString(), "--test",
            shd("shd_test.h5").toString(), "--epochs", "2", "--memory", "4", "--branches", "100", "--bin-ms", "50",
            "--threads", "2"};
        Path whole = tmp.resolve("whole");
        Path split = tmp.resolve("split");
        assertEquals(0, CliRunner.run(concat(common, "--out", whole.toString())).exitCode);
        CliRunner first = CliRunner.run(concat(common, "--out", split.toString(), "--stop-after-epoch", "1"));
        assertEquals(0, first.exitCode, first.err);
        assertTrue(first.out.contains("stopped early"), first.out);
        CliRunner resumed = CliRunner.run(concat(common, "--out", split.toString(), "--resume"));
        assertEquals(0, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("resuming after epoch 1"), resumed.err);
        var a = io.elmkit.io.torch.TorchStateDict.read(whole.resolve("last/model_state.pt"));
        var b = io.elmkit.io.torch.TorchStateDict.read(split.resolve("last/model_state.pt"));
        for (String key : a.keySet()) {
            assertEquals(a.get(key), b.get(key), key);
        }
        assertEquals(Files.readAllLines(whole.resolve("learning_curve.csv")).size(),
            Files.readAllLines(split.resolve("learning_curve.csv")).size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainShdAddingWritesCheckpointsAndCurves(@TempDir Path tmp) throws Exception {
        CliRunner train = CliRunner.run("train", "shd-adding", "--train", shd("shd_train.h5").toString(), "--test",
            shd("shd_test.h5").toString(), "--out", tmp.toString(), "--epochs", "1", "--batches-per-epoch", "10",
            "--validation-batches", "3", "--test-batches", "3", "--memory", "8", "--branches", "100", "--bin-ms", "20");
        assertEquals(0, train.exitCode, train.err);
        assertTrue(Files.exists(tmp.resolve("best/model_config.json")) && Files.exists(tmp.resolve("last/model_state.pt")));
        assertTrue(Files.exists(tmp.resolve("learning_curve.svg")));
        assertTrue(train.err.contains("epoch 1:"), train.err);
    }
}
