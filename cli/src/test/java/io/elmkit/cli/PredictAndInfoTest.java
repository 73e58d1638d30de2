package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictAndInfoTest {

    @GoldenElmCases
    void predictReproducesTheGoldenOutputWithEitherStepper(String name, @TempDir Path tmp) throws Exception {
        Path dir = ReferenceData.goldenElm(name);
        NdArray expected = Npy.read(dir.resolve("output.npy"));
        for (String stepper : new String[] {"event", "dense"}) {
            Path out = tmp.resolve(stepper + ".npy");
            CliRunner r = CliRunner.run("predict", "--model", dir.toString(), "--input",
                dir.resolve("input.npy").toString(), "--output", out.toString(), "--stepper", stepper);
            assertEquals(0, r.exitCode, r.err);
            NdArray y = Npy.read(out);
            assertArrayEquals(expected.shape(), y.shape());
            float[] a = expected.toFloatArray();
            float[] b = y.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4, name + " " + stepper + " element " + i);
            }
        }
    }

    @Test
    void twoDimensionalInputGivesTwoDimensionalOutputAndNeuronioEval(@TempDir Path tmp) throws Exception {
        ElmConfig config = ElmConfig.builder(6, 2).numMemory(3).build();
        Path model = tmp.resolve("m");
        ModelDirectory.save(ElmModel.initialise(config, 1), model);
        float[] x = new float[5 * 6];
        x[2] = 1;
        x[13] = -1;
        Npy.write(tmp.resolve("x.npy"), NdArray.ofFloats(x, 5, 6));
        assertEquals(0, CliRunner.run("predict", "--model", model.toString(), "--input", tmp.resolve("x.npy").toString(),
            "--output", tmp.resolve("y.npy").toString()).exitCode);
        NdArray y = Npy.read(tmp.resolve("y.npy"));
        assertArrayEquals(new int[] {5, 2}, y.shape());
        assertEquals(0, CliRunner.run("predict", "--model", model.toString(), "--input", tmp.resolve("x.npy").toString(),
            "--output", tmp.resolve("p.npy").toString(), "--neuronio").exitCode);
        float[] raw = y.toFloatArray();
        float[] eval = Npy.read(tmp.resolve("p.npy")).toFloatArray();
        for (int t = 0; t < 5; t++) {
            assertEquals(1 / (1 + Math.exp(-raw[2 * t])), eval[2 * t], 1e-6);
            assertEquals(raw[2 * t + 1] * 10, eval[2 * t + 1], 1e-5);
        }
    }

    @Test
    void inputWithTheWrongLastAxisIsAClearError(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("m");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(6, 2).numMemory(3).build(), 1), model);
        Npy.write(tmp.resolve("x.npy"), NdArray.ofFloats(new float[2 * 5 * 7], 2, 5, 7));
        CliRunner r = CliRunner.run("predict", "--model", model.toString(), "--input", tmp.resolve("x.npy").toString(),
            "--output", tmp.resolve("y.npy").toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.err.contains("x.npy") && r.err.contains("last axis is 7") && r.err.contains("num_input is 6"), r.err);
        assertTrue(!r.err.contains("\tat "), "no stack trace without ELMKIT_DEBUG: " + r.err);
    }

    @Test
    void badModelDirectoriesAreClearErrors(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("m");
        Files.createDirectories(model);
        Files.writeString(model.resolve("model_config.json"), "{\"num_input\": 6, \"num_output\": 2, \"colour\": 3}");
        CliRunner unknownKey = CliRunner.run("info", "--model", model.toString());
        assertEquals(1, unknownKey.exitCode);
        assertTrue(unknownKey.err.contains("model_config.json: colour: not an argument"), unknownKey.err);

        Files.writeString(model.resolve("model_config.json"), "{\"num_input\": 6, \"num_output\": 2}");
        CliRunner noPt = CliRunner.run("info", "--model", model.toString());
        assertTrue(noPt.err.contains("no state dict"), noPt.err);

        Files.write(model.resolve("model.pt"), new byte[] {80, 75, 3, 4, 1, 2});
        CliRunner truncated = CliRunner.run("info", "--model", model.toString());
        assertTrue(truncated.err.contains("model.pt") && truncated.err.contains("zip"), truncated.err);

        Path other = tmp.resolve("other");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(6, 2).numMemory(4).build(), 1), other);
        Files.copy(other.resolve("model_state.pt"), model.resolve("model.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRunner mismatch = CliRunner.run("info", "--model", model.toString());
        assertTrue(mismatch.err.contains("model.pt") && mismatch.err.contains("_proto_tau_m")
            && mismatch.err.contains("expected shape [100]") && mismatch.err.contains("found [4]"), mismatch.err);
    }

    @Test
    void infoReportsThePublishedParameterCount() throws Exception {
        Path model = ReferenceData.require("models/num_memory_20");
        CliRunner r = CliRunner.run("info", "--model", model.toString(), "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode info = new ObjectMapper().readTree(r.out);
        assertEquals(8002, info.get("trainable_parameters").asInt());
        assertEquals("v1", info.get("variant").asText());
        assertEquals(4282, info.get("valid_synapses").asInt());
        assertEquals(40, info.get("config").get("mlp_hidden_size").asInt());
        assertEquals(5.0, info.get("config").get("lambda_value").asDouble());
        assertEquals("plain", info.get("kernels").asText()); // the default: the vector ones only when switched on
        CliRunner table = CliRunner.run("info", "--model", model.toString());
        assertTrue(table.out.contains("8002 trainable"), table.out);
        assertTrue(table.out.contains("kernels        plain ("), table.out);
    }
}
