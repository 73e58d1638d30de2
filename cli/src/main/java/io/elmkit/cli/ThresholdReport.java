package io.elmkit.cli;

import io.elmkit.l5pc.eval.DecisionThresholds;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * eval-neuronio's decision thresholds as a table and as the {@code decision_thresholds} object of
 * its JSON (next to the flat metrics of reference_eval.json): for each reported false positive
 * rate the threshold on p(spike), and the threshold at which {@code run --spike-threshold} fires
 * NEURON's number of spikes.
 */
final class ThresholdReport {
    private ThresholdReport() {
    }

    /** The table on {@code out} (results), the suggested run command line on {@code advice} (stderr). */
    static void print(PrintStream out, PrintStream advice, List<DecisionThresholds.OperatingPoint> points,
                      DecisionThresholds.RateMatch rate, Path model, Path traces) {
        out.println();
        out.println("decision thresholds on p(spike) = sigmoid(output 0); a spike where p >= threshold:");
        if (points.isEmpty()) {
            out.println("  (no ROC: the evaluated steps hold no output spike)");
        } else {
            out.printf(Locale.ROOT, "  %-10s %-10s %-10s %s%n", "FP rate", "reached", "TP rate", "threshold");
            for (DecisionThresholds.OperatingPoint p : points) {
                out.printf(Locale.ROOT, "  %-10s %-10s %-10s %.6g%n", pct(p.nominalFpRate()),
                    String.format(Locale.ROOT, "%.3f %%", 100 * p.fpRate()),
                    String.format(Locale.ROOT, "%.1f %%", 100 * p.tpRate()), p.threshold());
            }
        }
        out.printf(Locale.ROOT, "  NEURON's rate: threshold %s fires %d spikes where NEURON fired %d (all simulations,"
                + " %d ms, %d refractory steps)%n", plain(rate.threshold()), rate.modelSpikes(), rate.neuronSpikes(),
            rate.steps(), rate.refractorySteps());
        // run streams events files; a NeuronIO pickle is converted to one first.
        String name = traces.getFileName().toString();
        String input = traces.toString();
        String convert = "";
        if (!name.endsWith(".npz")) {
            input = name.replaceAll("\\.p(\\.gz)?$", "") + ".npz";
            convert = "elmkit convert " + traces + " " + input + " && ";
        }
        advice.printf(Locale.ROOT, "spiking surrogate: %selmkit run --model %s --input %s --spike-threshold %s"
            + " --refractory-steps %d --output spikes.npz%n", convert, model, input, plain(rate.threshold()),
            rate.refractorySteps());
    }

    /** The flat metrics followed by {@code decision_thresholds}: {@code at_fp_rate} rows and {@code neuron_rate}. */
    static Map<String, Object> json(Map<String, Double> metrics, List<DecisionThresholds.OperatingPoint> points,
                                    DecisionThresholds.RateMatch rate) {
        Map<String, Object> root = new LinkedHashMap<>(metrics);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DecisionThresholds.OperatingPoint p : points) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fp_rate", p.nominalFpRate());
            row.put("fp_rate_reached", p.fpRate());
            row.put("tp_rate", p.tpRate());
            row.put("threshold", p.threshold());
            rows.add(row);
        }
        Map<String, Object> neuron = new LinkedHashMap<>();
        neuron.put("threshold", rate.threshold());
        neuron.put("neuron_spikes", rate.neuronSpikes());
        neuron.put("model_spikes", rate.modelSpikes());
        neuron.put("refractory_steps", rate.refractorySteps());
        neuron.put("steps", rate.steps());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("score", "p(spike) = sigmoid(output 0); a spike where p >= threshold");
        thresholds.put("at_fp_rate", rows);
        thresholds.put("neuron_rate", neuron);
        root.put("decision_thresholds", thresholds);
        return root;
    }

    private static String pct(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
