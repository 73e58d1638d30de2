package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalNeuronioCommandTest {

    @Test
    void writesReferenceMetricsAsJsonAndPlots(@TempDir Path tmp) throws Exception {
        Path shared = Path.of(System.getProperty("elmkit.shared", "../shared"));
        assumeTrue(Files.exists(shared.resolve("neuron/l5pc_seed101.p")), "../shared not present: skipping eval-neuronio");
        CliRunner r = CliRunner.run("eval-neuronio", "--model", shared.resolve("models/num_memory_1").toString(),
            "--traces", shared.resolve("neuron/l5pc_seed101.p").toString(), "--json", tmp.resolve("m.json").toString(),
            "--plots", tmp.resolve("plots").toString());
        assertEquals(0, r.exitCode, r.err);
        ObjectMapper json = new ObjectMapper();
        JsonNode ours = json.readTree(tmp.resolve("m.json").toFile());
        JsonNode reference = json.readTree(shared.resolve("neuron/reference_eval.json").toFile()).get("num_memory_1");
        for (Iterator<String> keys = reference.fieldNames(); keys.hasNext(); ) {
            String k = keys.next();
            assertEquals(reference.get(k).asDouble(), ours.get(k).asDouble(), 1e-3, k);
        }
        assertEquals(reference.size(), ours.size(), "same flat keys as reference_eval.json");
        assertTrue(Files.size(tmp.resolve("plots/roc.png")) > 1000);
        assertTrue(Files.exists(tmp.resolve("plots/soma_l5pc_seed101_sim0.svg")));
    }

    @Test
    void aNonNeuronioFileIsAClearError(@TempDir Path tmp) throws Exception {
        Path model = Path.of(System.getProperty("elmkit.shared", "../shared")).resolve("models/num_memory_1");
        assumeTrue(Files.isDirectory(model), "../shared not present: skipping");
        Files.writeString(tmp.resolve("bad.p"), "not a pickle at all");
        CliRunner r = CliRunner.run("eval-neuronio", "--model", model.toString(), "--traces", tmp.resolve("bad.p").toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.err.contains("bad.p") && r.err.contains("a text file; expected a NeuronIO pickle"), r.err);
    }
}
