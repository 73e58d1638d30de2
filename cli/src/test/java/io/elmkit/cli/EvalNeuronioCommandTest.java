package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalNeuronioCommandTest {

    @Test
    void writesReferenceMetricsAsJsonAndPlots(@TempDir Path tmp) throws Exception {
        CliRunner r = CliRunner.run("eval-neuronio", "--model", ReferenceData.require("models/num_memory_1").toString(),
            "--traces", ReferenceData.require("neuron/l5pc_seed101.p").toString(), "--json", tmp.resolve("m.json").toString(),
            "--plots", tmp.resolve("plots").toString());
        assertEquals(0, r.exitCode, r.err);
        ObjectMapper json = new ObjectMapper();
        JsonNode ours = json.readTree(tmp.resolve("m.json").toFile());
        JsonNode reference = json.readTree(ReferenceData.require("neuron/reference_eval.json").toFile()).get("num_memory_1");
        for (Iterator<String> keys = reference.fieldNames(); keys.hasNext(); ) {
            String k = keys.next();
            assertEquals(reference.get(k).asDouble(), ours.get(k).asDouble(), 1e-3, k);
        }
        assertEquals(reference.size() + 1, ours.size(), "the flat keys of reference_eval.json, then decision_thresholds");
        assertTrue(ours.get("decision_thresholds").get("neuron_rate").get("threshold").asDouble() < 0.5);
        assertTrue(Files.size(tmp.resolve("plots/roc.png")) > 1000);
        assertTrue(Files.exists(tmp.resolve("plots/soma_l5pc_seed101_sim0.svg")));
    }

    @Test
    void aNonNeuronioFileIsAClearError(@TempDir Path tmp) throws Exception {
        Path model = ReferenceData.require("models/num_memory_1");
        Files.writeString(tmp.resolve("bad.p"), "not a pickle at all");
        CliRunner r = CliRunner.run("eval-neuronio", "--model", model.toString(), "--traces", tmp.resolve("bad.p").toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.err.contains("bad.p") && r.err.contains("a text file; expected a NeuronIO pickle"), r.err);
    }

    /**
     * The recipe of l5pc-bridge/README.md: eval-neuronio's rate-matched threshold makes `run` fire
     * about NEURON's number of spikes on the same file (run steps each simulation in one piece,
     * eval in overlapping windows, so the counts agree closely, not exactly), where 0.5 gives none.
     */
    @Test
    void runWithTheRateThresholdFiresAboutNeuronsSpikeCount(@TempDir Path tmp) throws Exception {
        Path file = ReferenceData.require("neuron/l5pc_seed101.p");
        String model = ReferenceData.require("models/num_memory_20").toString();
        CliRunner eval = CliRunner.run("eval-neuronio", "--model", model, "--traces", file.toString(),
            "--json", tmp.resolve("eval.json").toString());
        assertEquals(0, eval.exitCode, eval.err);
        assertTrue(eval.out.contains("NEURON's rate: threshold"), eval.out);
        assertTrue(eval.err.contains("--spike-threshold"), "the suggested run line: " + eval.err);
        JsonNode rate = new ObjectMapper().readTree(tmp.resolve("eval.json").toFile())
            .get("decision_thresholds").get("neuron_rate");
        long neuron = rate.get("neuron_spikes").asLong();
        assertEquals(89, neuron, "NEURON's spikes in l5pc_seed101.p");
        String threshold = rate.get("threshold").asText();
        Path events = tmp.resolve("l5pc_seed101.npz");
        assertEquals(0, CliRunner.run("convert", file.toString(), events.toString()).exitCode);
        long fired = spikesEmitted(CliRunner.run("run", "--model", model, "--input", events.toString(),
            "--spike-threshold", threshold, "--refractory-steps", "2", "--threads", "2"));
        assertTrue(Math.abs(fired - neuron) <= 0.1 * neuron, fired + " spikes at p >= " + threshold + ", NEURON " + neuron);
        assertEquals(0, spikesEmitted(CliRunner.run("run", "--model", model, "--input", events.toString(),
            "--spike-threshold", "0.5", "--threads", "2")), "the published model never reaches p = 0.5");
    }

    private static long spikesEmitted(CliRunner run) {
        assertEquals(0, run.exitCode, run.err);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("spikes emitted: ([0-9,]+)").matcher(run.err);
        assertTrue(m.find(), run.err);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
