package io.elmkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.plot.Plot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elmkit eval-neuronio}: the reference NeuronIO evaluation of a model on L5PC trace files. */
@Command(name = "eval-neuronio", mixinStandardHelpOptions = true,
    description = {"Evaluates a model on NeuronIO traces as the reference does.",
        "Window 500, burn-in 150, first 500 ms dropped, simulations with 0..24 output spikes, soma normalised"
            + " per file; reports spike AUC, TP rate at low FP rates and soma RMSE, MAE and explained variance."},
    footer = {"%nExample:",
        "  elmkit eval-neuronio --model ../shared/models/best_elm_neuron \\",
        "      --traces ../shared/neuron/l5pc_seed101.p --plots plots"})
final class EvalNeuronioCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory: model_config.json and one .pt state dict (required).")
    Path modelDir;

    @Option(names = "--traces", required = true, arity = "1..*", paramLabel = "FILE",
        description = "NeuronIO pickles (.p or .p.gz), one or more; predictions are concatenated, soma normalised"
            + " per file (required).")
    List<Path> traces;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the metrics as JSON here, full precision (default: printed only).")
    Path json;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write ROC and trace plots (PNG and SVG) to this folder (default: no plots).")
    Path plots;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        ElmModel model = ModelDirectory.load(modelDir);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ProgressMeter progress = ProgressMeter.start("simulations", 0, System.err);
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluate(model, traces, workers, progress);
        progress.finish();
        for (Map.Entry<String, Double> e : r.metrics.entrySet()) {
            System.out.printf(Locale.ROOT, "%-34s %.6f%n", e.getKey(), e.getValue());
        }
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r.metrics);
            System.err.println("wrote " + json);
        }
        if (plots != null) {
            writePlots(r);
            System.err.println("wrote plots to " + plots);
        }
        return 0;
    }

    private void writePlots(NeuronioEvaluation.Result r) {
        if (r.roc == null) {
            System.err.println("no ROC plot: the evaluated steps hold no output spike (spike metrics are NaN)");
        } else {
            writeRocPlots(r);
        }
        writeTracePlots(r);
    }

    private void writeRocPlots(NeuronioEvaluation.Result r) {
        double[] diagonal = {0, 1};
        Plot.titled(String.format(Locale.ROOT, "ROC of output spikes (AUC %.4f)", r.metrics.get("AUC")),
                "false positive rate", "true positive rate")
            .line("model", r.roc.falsePositiveRates(), r.roc.truePositiveRates())
            .dashed("chance", diagonal, diagonal).size(600, 600).save(plots.resolve("roc"));
        double[] fpr = r.roc.falsePositiveRates();
        double[] tpr = r.roc.truePositiveRates();
        int n = 0;
        while (n < fpr.length && fpr[n] <= 0.02) {
            n++;
        }
        if (n >= 2) {
            Plot.titled("ROC, false positive rate up to 2 %", "false positive rate", "true positive rate")
                .line("model", java.util.Arrays.copyOf(fpr, n), java.util.Arrays.copyOf(tpr, n))
                .size(600, 600).save(plots.resolve("roc_low_fpr"));
        }
    }

    private void writeTracePlots(NeuronioEvaluation.Result r) {
        int shown = Math.min(3, r.traces.size());
        for (int i = 0; i < shown; i++) {
            NeuronioEvaluation.Trace t = r.traces.get(i);
            int length = t.somaTargetMv.length;
            double[] time = new double[length];
            double[] spikeX = new double[length];
            double[] spikeY = new double[length];
            int spikes = 0;
            for (int s = 0; s < length; s++) {
                time[s] = s;
                if (t.spikes[s]) {
                    spikeX[spikes] = s;
                    spikeY[spikes++] = 1.0;
                }
            }
            String name = t.file.replace(".p", "").replace(".gz", "") + "_sim" + t.simulation;
            Plot.titled("Soma voltage, " + t.file + " simulation " + t.simulation, "time (ms)",
                    "clip(v, -55) + 67.7 (mV)")
                .line("NEURON", time, t.somaTargetMv).line("ELM", time, t.somaPredictedMv)
                .size(1200, 400).save(plots.resolve("soma_" + name));
            Plot p = Plot.titled("Spike probability, " + t.file + " simulation " + t.simulation, "time (ms)",
                    "p(spike)").line("ELM", time, t.spikeProbability).yRange(0, 1.05).size(1200, 300);
            if (spikes > 0) {
                p.scatter("NEURON spikes", java.util.Arrays.copyOf(spikeX, spikes), java.util.Arrays.copyOf(spikeY, spikes));
            }
            p.save(plots.resolve("spikes_" + name));
        }
    }
}
