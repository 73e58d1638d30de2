package io.elmkit.l5pc.neuronio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NEURON side of the bridge: a ball-and-stick cell simulated in NEURON and recorded with
 * l5pc-bridge/python/elmkit_neuron gives a trace file that we read and evaluate. Skipped with a
 * message where no Python can import NEURON (.ci/run installs Debian's python3-neuron).
 */
class NeuronRecorderTest {

    static String pythonWithNeuron() {
        return io.elmkit.testsupport.Python.withModules("neuron, numpy");
    }

    @Test
    void ballAndStickRoundTripsIntoATraceFileThatEvaluates(@TempDir Path tmp) throws Exception {
        String python = pythonWithNeuron();
        assumeTrue(python != null, "NEURON (python3-neuron) not installed: skipping the NEURON recorder test");
        Path module = Path.of(System.getProperty("elmkit.root", "..")).resolve("l5pc-bridge");
        Path out = tmp.resolve("ball_and_stick.npz");
        ProcessBuilder pb = new ProcessBuilder(python, module.resolve("src/test/python/ball_and_stick.py").toString(),
            out.toString(), "2", "1000").redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", module.resolve("python").toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "NEURON run timed out");
        assertEquals(0, p.exitValue(), log);
        String[] lines = log.strip().split("\n");
        JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);

        List<NeuronioSimulation> sims = new ArrayList<>();
        assertEquals(2, TraceFile.read(out, sims::add));
        int segments = summary.get("segments").asInt();
        for (int i = 0; i < 2; i++) {
            NeuronioSimulation s = sims.get(i);
            assertEquals(segments, s.numSegments());
            assertEquals(1000, s.durationMs());
            assertEquals(summary.get("simulations").get(i).get("events").asLong(), s.inputSpikeCount());
            assertEquals(summary.get("simulations").get(i).get("output_spikes").asInt(), s.outputSpikesMs().length);
            assertTrue(s.somaVoltageMv()[0] > -70 && s.somaVoltageMv()[0] < -60, "soma starts near rest");
        }
        ElmModel model = ElmModel.initialise(ElmConfig.builder(2 * segments, 2).numMemory(4).build(), 1);
        Map<String, Double> metrics = NeuronioEvaluation.evaluate(model, List.of(out), 2,
            ProgressMeter.silent("simulations", 2)).metrics;
        assertTrue(metrics.get("AUC") >= 0 && metrics.get("AUC") <= 1, metrics.toString());
        assertTrue(Double.isFinite(metrics.get("soma_RMSE")), metrics.toString());
        assertTrue(Files.size(out) > 1000);
        // ... and fit-neuronio trains on it (short windows: these simulations last 1 s).
        io.elmkit.l5pc.fit.NeuronioFit.Settings settings = io.elmkit.l5pc.fit.NeuronioFit.Settings.builder()
            .run(io.elmkit.l5pc.fit.NeuronioFit.DEFAULTS.run().toBuilder().epochs(1).threads(2).build())
            .numMemory(4).batchesPerEpoch(2).batchSize(2).window(200).build();
        io.elmkit.l5pc.fit.NeuronioFit.Outcome fit = io.elmkit.l5pc.fit.NeuronioFit.run(sims,
            Map.of("ball_and_stick", sims), tmp.resolve("fit"), settings, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()));
        assertEquals(1, fit.bestEpoch());
        assertTrue(Files.exists(tmp.resolve("fit/best/model_config.json")));
    }
}
