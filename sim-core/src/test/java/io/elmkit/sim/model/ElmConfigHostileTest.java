package io.elmkit.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile model_config.json files: wrong types, fractions, sizes that would allocate gigabytes,
 * deep nesting, long numbers, duplicate and unknown keys, bytes that are not UTF-8. Each is one
 * line naming the file and the key.
 */
class ElmConfigHostileTest {

    private static String refused(String json) {
        return assertThrows(ModelFormatException.class, () -> ElmConfig.parse(json, "m.json")).getMessage();
    }

    @Test
    void typesAndIntegernessAreChecked() {
        assertEquals("m.json: num_memory: expected an integer (at most 1048576), found \"3\"",
            refused("{\"num_input\": 4, \"num_output\": 2, \"num_memory\": \"3\"}"));
        assertTrue(refused("{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 2.5}").endsWith("found 2.5"));
        assertTrue(refused("{\"num_input\": true, \"num_output\": 2}").endsWith("found true"));
        assertTrue(refused("{\"num_input\": 99999999999999999999, \"num_output\": 2}").contains("num_input"));
        assertTrue(refused("{\"num_input\": 4, \"num_output\": 2, \"delta_t\": \"1\"}").contains("delta_t: expected a number"));
        assertTrue(refused("{\"num_input\": 4, \"num_output\": 2, \"tau_s_value\": 1e400}").contains("tau_s_value"));
        assertTrue(refused("{\"num_input\": 4, \"num_output\": 2, \"memory_tau_min\": -1}").contains("memory_tau_min"));
        assertTrue(refused("[1, 2]").contains("JSON object"));
    }

    @Test
    void sizesAreBoundedBeforeAnythingIsAllocated() {
        assertEquals("m.json: num_memory: expected at most 1048576, found 100000000",
            refused("{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 100000000}"));
        String params = refused("{\"num_input\": 4, \"num_output\": 2, \"num_memory\": 1000, \"mlp_hidden_size\": 1000000}");
        assertTrue(params.contains("at most 268435456 parameters"), params);
        assertTrue(refused("{\"num_input\": 4, \"num_output\": 2, \"mlp_num_layers\": 100000}").contains("mlp_num_layers"));
        assertTrue(refused("{\"num_input\": 1000000, \"num_output\": 2, \"num_synapse_per_branch\": 1000000,"
            + " \"input_to_synapse_routing\": \"random_routing\"}").contains("parameters"));
        // The published sizes pass.
        ElmConfig ok = ElmConfig.parse("{\"num_input\": 1278, \"num_output\": 2, \"num_memory\": 100,"
            + " \"num_branch\": 45, \"num_synapse_per_branch\": 100, \"input_to_synapse_routing\": \"neuronio_routing\"}",
            "m.json");
        assertEquals(4500, ok.numSynapses());
    }

    @Test
    void syntaxNestingAndKeysAreChecked() {
        assertTrue(refused("{\"num_input\": " + "[".repeat(5000) + "]".repeat(5000) + "}").contains("nested at most 1000"));
        assertTrue(refused("{\"num_input\": 4" + "0".repeat(500) + "}").contains("numbers of at most 100 digits"));
        String dup = refused("{\"num_input\": 4, \"num_output\": 2, \"num_output\": 3}");
        assertTrue(dup.contains("Duplicate field 'num_output'") && dup.contains("line 1"), dup);
        String unknown = refused("{\"num_input\": 4, \"num_output\": 2, \"d_m\": 3, \"numm_memory\": 3}");
        assertTrue(unknown.startsWith("m.json: d_m, numm_memory: not an argument"), unknown);
        String bad = refused("{\"num_input\": 4,\n \"num_output\": 2,,}");
        assertTrue(bad.contains("expected valid JSON") && bad.contains("line 2") && !bad.contains("\n"), bad);
    }

    @Test
    void filesThatAreNotTextOrTooLargeAreRefused(@TempDir Path dir) throws Exception {
        Path notUtf8 = dir.resolve("model_config.json");
        Files.write(notUtf8, new byte[] {'{', '"', 'n', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'});
        String m = assertThrows(ModelFormatException.class, () -> ElmConfig.read(notUtf8)).getMessage();
        assertTrue(m.startsWith(notUtf8 + ": (json): expected valid JSON"), m);
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"num_input\": 4, \"num_output\": 2}" + " ".repeat(2 << 20), StandardCharsets.UTF_8);
        assertTrue(assertThrows(ModelFormatException.class, () -> ElmConfig.read(big)).getMessage()
            .contains("at most 1048576 bytes"));
    }
}
