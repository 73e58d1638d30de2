package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.npy.Npz;
import io.elmkit.l5pc.eval.DecisionThresholds;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.ExactExp;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --spike-threshold-from EVAL.json[:fp=RATE]}: the threshold eval-neuronio reported, and bad files. */
class SpikeThresholdFromTest {
    private static final int STEPS = 300;

    /** A small model and input; returns p(spike) = sigmoid(output 0) of each stream from a run without spikes. */
    private static double[][] setUp(Path tmp) throws Exception {
        ElmModel model = ElmModel.initialise(ElmConfig.builder(32, 2).numMemory(4).numBranch(4).numSynapsePerBranch(8)
            .build(), 5);
        ModelDirectory.save(model, tmp.resolve("model"));
        EventsFile.fromDense(PoissonRaster.dense(2, 2, STEPS, 32, 20.0, 1.0), 2, STEPS, 32, 1.0).write(tmp.resolve("in.npz"));
        CliRunner r = CliRunner.run("run", "--model", tmp.resolve("model").toString(), "--input",
            tmp.resolve("in.npz").toString(), "--output", tmp.resolve("raw.npz").toString(), "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        float[] y = Npz.read(tmp.resolve("raw.npz")).get("output").toFloatArray();
        double[][] p = new double[2][STEPS];
        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < STEPS; s++) {
                p[b][s] = ExactExp.sigmoid(y[(b * STEPS + s) * 2]);
            }
        }
        return p;
    }

    private static Path evalJson(Path tmp, double rateThreshold, int refractory, double fpThreshold) throws Exception {
        Path json = tmp.resolve("eval.json");
        Files.writeString(json, String.format(Locale.ROOT, "{\"AUC\": 0.9, \"decision_thresholds\": {"
            + "\"at_fp_rate\": [{\"fp_rate\": 0.0025, \"threshold\": 0.99}, {\"fp_rate\": 0.01, \"threshold\": %s}],"
            + "\"neuron_rate\": {\"threshold\": %s, \"neuron_spikes\": 10, \"refractory_steps\": %d}}}",
            fpThreshold, rateThreshold, refractory));
        return json;
    }

    private static long spikes(CliRunner r) {
        assertEquals(0, r.exitCode, r.err);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("spikes emitted: ([0-9,]+)").matcher(r.err);
        assertTrue(m.find(), r.err);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void theReportedThresholdFiresTheExpectedCount(@TempDir Path tmp) throws Exception {
        double[][] p = setUp(tmp);
        double[] all = Arrays.stream(p).flatMapToDouble(Arrays::stream).sorted().toArray();
        double rate = all[all.length * 3 / 4];
        double fp = all[all.length / 2];
        Path json = evalJson(tmp, rate, 3, fp);
        String[] run = {"run", "--model", tmp.resolve("model").toString(), "--input", tmp.resolve("in.npz").toString(),
            "--threads", "2", "--refractory-steps", "3", "--spike-threshold-from"};
        CliRunner r = CliRunner.run(concat(run, json.toString()));
        long expected = DecisionThresholds.countSpikes(p[0], 0, rate, 3) + DecisionThresholds.countSpikes(p[1], 0, rate, 3);
        assertTrue(expected > 5, "the case fires: " + expected);
        assertEquals(expected, spikes(r), r.err);
        assertTrue(r.err.contains("NEURON's rate"), r.err);
        assertTrue(!r.err.contains("note:"), "refractory steps agree: no note\n" + r.err);

        CliRunner atFp = CliRunner.run(concat(run, json + ":fp=0.01"));
        assertEquals(DecisionThresholds.countSpikes(p[0], 0, fp, 3) + DecisionThresholds.countSpikes(p[1], 0, fp, 3),
            spikes(atFp), atFp.err);

        CliRunner otherRefractory = CliRunner.run("run", "--model", tmp.resolve("model").toString(), "--input",
            tmp.resolve("in.npz").toString(), "--threads", "2", "--spike-threshold-from", json.toString());
        assertTrue(otherRefractory.err.contains("matched to NEURON's rate with 3 refractory steps"), otherRefractory.err);
        assertEquals(DecisionThresholds.countSpikes(p[0], 0, rate, 2) + DecisionThresholds.countSpikes(p[1], 0, rate, 2),
            spikes(otherRefractory));
    }

    @Test
    void badThresholdFilesAreOneLineErrors(@TempDir Path tmp) throws Exception {
        setUp(tmp);
        String[] run = {"run", "--model", tmp.resolve("model").toString(), "--input", tmp.resolve("in.npz").toString(),
            "--threads", "2", "--spike-threshold-from"};
        Path notJson = tmp.resolve("metrics.json");
        Files.writeString(notJson, "AUC 0.9\n");
        HostileInput.assertOneLineError(notJson, concat(run, notJson.toString()), "not JSON", "eval-neuronio");
        Path old = tmp.resolve("old.json");
        Files.writeString(old, "{\"AUC\": 0.9}");
        HostileInput.assertOneLineError(old, concat(run, old.toString()), "decision_thresholds");
        Path big = evalJson(tmp, 7.5, 2, 0.1);
        HostileInput.assertOneLineError(big, concat(run, big.toString()), "neuron_rate.threshold", "[0, 1]", "7.5");
        Path ok = evalJson(tmp, 0.5, 2, 0.1);
        HostileInput.assertOneLineError(ok, concat(run, ok + ":fp=0.02"), "fp_rate 0.02", "0.0025, 0.01");
        Path nan = tmp.resolve("nan.json");
        Files.writeString(nan, "{\"decision_thresholds\": {\"neuron_rate\": {\"threshold\": \"NaN\", \"refractory_steps\": 2}}}");
        HostileInput.assertOneLineError(nan, concat(run, nan.toString()), "neuron_rate.threshold");
        CliRunner both = CliRunner.run(concat(run, ok.toString(), "--spike-threshold", "0.3"));
        assertEquals(1, both.exitCode);
        assertTrue(both.err.contains("not both"), both.err);
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
