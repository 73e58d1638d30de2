package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short training runs end to end: checkpoints, curves, and eval reading the checkpoint back. */
class TrainAndEvalCommandTest {

    @Test
    void trainShdThenEvalGivesTheReportedAccuracy(@TempDir Path tmp) throws Exception {
        CliRunner train = CliRunner.run("train", "shd", "--train", ReferenceData.testData("shd/shd_train.h5").toString(), "--test",
            ReferenceData.testData("shd/shd_test.h5").toString(), "--out", tmp.toString(), "--epochs", "2", "--memory", "8", "--branches", "100",
            "--bin-ms", "20", "--dropout", "0.2", "--lr", "1e-2");
        assertEquals(0, train.exitCode, train.err);
        assertTrue(Files.exists(tmp.resolve("best/model_state.pt")));
        assertTrue(Files.exists(tmp.resolve("learning_curve.png")) && Files.exists(tmp.resolve("learning_curve.csv")));
        assertEquals(3, Files.readAllLines(tmp.resolve("learning_curve.csv")).size(), "header and one row per epoch");
        String reported = train.out.replaceAll("(?s).*test accuracy ([0-9.]+).*", "$1").trim();
        CliRunner eval = CliRunner.run("eval", "shd", "--model", tmp.resolve("best").toString(), "--test",
            ReferenceData.testData("shd/shd_test.h5").toString(), "--json");
        assertEquals(0, eval.exitCode, eval.err);
        JsonNode result = new ObjectMapper().readTree(eval.out);
        assertEquals(Double.parseDouble(reported), result.get("test_accuracy").asDouble(), 1e-4);
    }

    @Test
    void aStoppedAndResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        ResumeCheck.assertResumeIsExact(new String[] {"train", "shd-adding", "--train", ReferenceData.testData("shd/shd_train.h5").toString(),
            "--test", ReferenceData.testData("shd/shd_test.h5").toString(), "--epochs", "2", "--batches-per-epoch", "6", "--validation-batches",
            "2", "--test-batches", "2", "--memory", "6", "--branches", "100", "--bin-ms", "20", "--threads", "2"}, tmp);
    }

    @Test
    void trainShdToo_aStoppedAndResumedRunEndsBitIdentical(@TempDir Path tmp) throws Exception {
        ResumeCheck.assertResumeIsExact(new String[] {"train", "shd", "--train", ReferenceData.testData("shd/shd_train.h5").toString(), "--test",
            ReferenceData.testData("shd/shd_test.h5").toString(), "--epochs", "2", "--memory", "4", "--branches", "100", "--bin-ms", "50",
            "--threads", "2"}, tmp);
    }

    @Test
    void trainShdAddingWritesCheckpointsAndCurves(@TempDir Path tmp) throws Exception {
        CliRunner train = CliRunner.run("train", "shd-adding", "--train", ReferenceData.testData("shd/shd_train.h5").toString(), "--test",
            ReferenceData.testData("shd/shd_test.h5").toString(), "--out", tmp.toString(), "--epochs", "1", "--batches-per-epoch", "10",
            "--validation-batches", "3", "--test-batches", "3", "--memory", "8", "--branches", "100", "--bin-ms", "20");
        assertEquals(0, train.exitCode, train.err);
        assertTrue(Files.exists(tmp.resolve("best/model_config.json")) && Files.exists(tmp.resolve("last/model_state.pt")));
        assertTrue(Files.exists(tmp.resolve("learning_curve.svg")));
        assertTrue(train.err.contains("epoch 1:"), train.err);
    }
}
