package io.elmkit.l5pc.eval;

import io.elmkit.plot.Plot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The plots of {@code eval-neuronio}: the ROC (whole and up to {@value #LOW_FPR_PERCENT} % false
 * positives, rates in percent on both axes, the reported operating points marked with their
 * thresholds), and for the first simulations the soma voltage and the spike probability with
 * NEURON's and the surrogate's spikes as raster rows above the trace.
 */
public final class NeuronioPlots {
    static final double LOW_FPR_PERCENT = 2.0;
    static final int TRACES_SHOWN = 3;
    private static final java.awt.Color[] POINT_COLOURS = {Plot.RED, Plot.GREEN, Plot.PURPLE, Plot.SKY, Plot.ORANGE};

    private NeuronioPlots() {
    }

    /** Writes roc, roc_low_fpr, soma_* and spikes_* (.png and .svg) into {@code dir}; returns a note or null. */
    public static String writeAll(NeuronioEvaluation.Result r, DecisionThresholds.RateMatch rate, Path dir) {
        String note = null;
        if (r.roc == null) {
            note = "no ROC plot: the evaluated steps hold no output spike (spike metrics are NaN)";
        } else {
            List<DecisionThresholds.OperatingPoint> points = r.operatingPoints();
            roc(r.roc, r.metrics.get("AUC"), points).save(dir.resolve("roc"));
            lowFprRoc(r.roc, points).save(dir.resolve("roc_low_fpr"));
        }
        for (int i = 0; i < Math.min(TRACES_SHOWN, r.traces.size()); i++) {
            NeuronioEvaluation.Trace t = r.traces.get(i);
            String name = t.file().replace(".p", "").replace(".gz", "").replace(".npz", "") + "_sim" + t.simulation();
            soma(t).save(dir.resolve("soma_" + name));
            spikeProbability(t, rate.threshold(), rate.refractorySteps()).save(dir.resolve("spikes_" + name));
        }
        return note;
    }

    /** The whole ROC in percent, with the chance diagonal and the reported operating points. */
    public static Plot roc(RocCurve roc, double auc, List<DecisionThresholds.OperatingPoint> points) {
        Plot p = Plot.titled(String.format(Locale.ROOT, "ROC of output spikes (AUC %.4f)", auc),
                "false positive rate (%)", "true positive rate (%)")
            .line("model", percent(roc.falsePositiveRates()), percent(roc.truePositiveRates())).color(Plot.BLUE)
            .dashed("chance", new double[] {0, 100}, new double[] {0, 100}).color(Plot.GREY)
            .xRange(0, 100).yRange(0, 100).size(900, 600);
        markPoints(p, points);
        return p;
    }

    /**
     * The ROC up to {@value #LOW_FPR_PERCENT} % false positives (or the next round value that holds
     * every operating point), percent on both axes, operating points marked.
     */
    public static Plot lowFprRoc(RocCurve roc, List<DecisionThresholds.OperatingPoint> points) {
        double[] fpr = percent(roc.falsePositiveRates());
        double[] tpr = percent(roc.truePositiveRates());
        // The axis ends at 2 %, or further (at a round value) when a reported point lies beyond it:
        // the nearest ROC point to "2 %" may be at 2.1 %. Title and axis use this one value.
        double reached = LOW_FPR_PERCENT;
        for (DecisionThresholds.OperatingPoint op : points) {
            reached = Math.max(reached, 100 * op.fpRate());
        }
        double edge = reached > LOW_FPR_PERCENT ? Plot.niceRange(new double[] {0, reached}, 8)[1] : LOW_FPR_PERCENT;
        int n = 0;
        while (n < fpr.length && fpr[n] <= edge) {
            n++;
        }
        double[] x = Arrays.copyOf(fpr, n + (n < fpr.length ? 1 : 0));
        double[] y = Arrays.copyOf(tpr, x.length);
        if (n < fpr.length) {
            // End the curve exactly at the axis edge (linear between the points either side).
            double f = (edge - fpr[n - 1]) / (fpr[n] - fpr[n - 1]);
            x[n] = edge;
            y[n] = tpr[n - 1] + f * (tpr[n] - tpr[n - 1]);
        }
        double yTop = 0;
        for (double v : y) {
            yTop = Math.max(yTop, v);
        }
        double[] yr = Plot.niceRange(new double[] {0, Math.max(yTop, 1)}, 8);
        Plot p = Plot.titled(String.format(Locale.ROOT, "ROC, false positive rate up to %s %%",
                    java.math.BigDecimal.valueOf(edge).stripTrailingZeros().toPlainString()),
                "false positive rate (%)", "true positive rate (%)")
            .line("model", x, y).color(Plot.BLUE).xRange(0, edge).yRange(yr[0], yr[1]).size(900, 600);
        markPoints(p, points);
        return p;
    }

    private static void markPoints(Plot p, List<DecisionThresholds.OperatingPoint> points) {
        for (int i = 0; i < points.size(); i++) {
            DecisionThresholds.OperatingPoint op = points.get(i);
            p.scatter(String.format(Locale.ROOT, "FP %s %%: TP %.1f %% at p \u2265 %s", pct(op.nominalFpRate()),
                    100 * op.tpRate(), Plot.significant(op.threshold(), 4)),
                new double[] {100 * op.fpRate()}, new double[] {100 * op.tpRate()})
                .color(POINT_COLOURS[i % POINT_COLOURS.length]);
        }
    }

    /** Soma voltage of NEURON and of the surrogate over one simulation. */
    public static Plot soma(NeuronioEvaluation.Trace t) {
        double[] time = timeMs(t.somaTargetMv().length);
        return Plot.titled("Soma voltage, " + t.file() + " simulation " + t.simulation(), "time (ms)",
                "clip(v, -55 mV) + 67.7 (mV)")
            .line("NEURON", time, t.somaTargetMv()).color(Plot.BLACK)
            .line("ELM", time, t.somaPredictedMv()).color(Plot.ORANGE).size(1200, 400);
    }

    /**
     * Spike probability on an axis scaled to the data, the decision threshold as a dashed line,
     * and two raster rows above the trace: NEURON's spikes and the spikes the run spike rule emits
     * at that threshold (with its refractory steps).
     */
    public static Plot spikeProbability(NeuronioEvaluation.Trace t, double threshold, int refractorySteps) {
        int length = t.spikeProbability().length;
        double[] time = timeMs(length);
        double peak = threshold;
        for (double v : t.spikeProbability()) {
            peak = Math.max(peak, v);
        }
        double top = Plot.niceRange(new double[] {0, Math.min(1, peak)}, 6)[1];
        double row = top * 0.08;
        double[] neuronSpikes = spikeTimes(t.spikes());
        double[] modelSpikes = modelSpikeTimes(t.spikeProbability(), threshold, refractorySteps);
        return Plot.titled(String.format(Locale.ROOT, "Spike probability, %s simulation %d: NEURON %d spikes, "
                    + "ELM %d at p \u2265 %s", t.file(), t.simulation(), neuronSpikes.length, modelSpikes.length,
                    Plot.significant(threshold, 4)),
                "time (ms)", "p(spike)")
            .line("ELM p(spike)", time, t.spikeProbability()).color(Plot.BLUE).widthPx(1.2f)
            .hline("threshold " + Plot.significant(threshold, 4) + " (NEURON's rate)", threshold).color(Plot.RED)
            .raster("NEURON spikes", neuronSpikes, top + 0.5 * row, top + 1.5 * row).color(Plot.BLACK).widthPx(2f)
            .raster("ELM spikes", modelSpikes, top + 2 * row, top + 3 * row).color(Plot.RED).widthPx(2f)
            .yRange(0, top + 3.5 * row).size(1200, 400);
    }

    static double[] modelSpikeTimes(double[] p, double threshold, int refractorySteps) {
        List<Double> times = new ArrayList<>();
        int refractoryLeft = 0;
        for (int i = 0; i < p.length; i++) {
            if (refractoryLeft > 0) {
                refractoryLeft--;
            } else if (p[i] >= threshold) {
                times.add((double) i);
                refractoryLeft = refractorySteps;
            }
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] spikeTimes(boolean[] spikes) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < spikes.length; i++) {
            if (spikes[i]) {
                times.add((double) i);
            }
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] timeMs(int steps) {
        double[] t = new double[steps];
        for (int s = 0; s < steps; s++) {
            t[s] = s;
        }
        return t;
    }

    private static double[] percent(double[] fractions) {
        double[] p = new double[fractions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 100 * fractions[i];
        }
        return p;
    }

    /** A rate as a percentage without float noise: 0.0025 -> "0.25". */
    static String pct(double fraction) {
        return java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
    }
}
