package io.elmkit.l5pc.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.plot.Plot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuronioPlotsTest {

    private static RocCurve roc(long seed) {
        return SyntheticScores.draw(seed, 20_000, 0.02, 2.5).roc();
    }

    /** The number before " %" in a title, e.g. 2 in "ROC, false positive rate up to 2 %". */
    private static double percentInTitle(String title) {
        Matcher m = Pattern.compile("up to ([0-9.]+) %").matcher(title);
        assertTrue(m.find(), "title names its range in percent: " + title);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theLowFprRocAxisIsInThePercentOfItsTitleAndMarksEveryOperatingPoint() {
        for (long seed = 1; seed <= 5; seed++) {
            RocCurve roc = roc(seed);
            List<DecisionThresholds.OperatingPoint> points = DecisionThresholds.atFpRates(roc, DecisionThresholds.FP_RATES);
            Plot p = NeuronioPlots.lowFprRoc(roc, points);
            assertTrue(p.xLabel().contains("(%)"), p.xLabel());
            double edge = percentInTitle(p.title());
            assertArrayEquals(new double[] {0, edge}, p.xAxisRange(), 0, "axis range = the title's range, in percent");
            assertTrue(edge >= 2, "at least up to 2 %: " + edge);
            for (DecisionThresholds.OperatingPoint op : points) {
                assertTrue(100 * op.fpRate() <= edge, "point " + op + " lies on the axis up to " + edge + " %");
                String pct = NeuronioPlots.pct(op.nominalFpRate());
                assertTrue(p.legendNames().stream().anyMatch(n -> n.startsWith("FP " + pct + " %: TP ")
                    && n.endsWith("p \u2265 " + Plot.significant(op.threshold(), 4))),
                    "operating point " + pct + " % labelled with its threshold: " + p.legendNames());
            }
            for (double t : p.xTicks()) {
                assertEquals(Math.rint(t * 10) / 10, t, 1e-12, "round tick " + t);
            }
        }
    }

    @Test
    void theWholeRocIsInPercentOnBothAxes() {
        RocCurve roc = roc(9);
        Plot p = NeuronioPlots.roc(roc, roc.auc(), DecisionThresholds.atFpRates(roc, DecisionThresholds.FP_RATES));
        assertArrayEquals(new double[] {0, 100}, p.xAxisRange(), 0);
        assertArrayEquals(new double[] {0, 100}, p.yAxisRange(), 0);
        assertTrue(p.xLabel().endsWith("(%)") && p.yLabel().endsWith("(%)"));
    }

    @Test
    void theSpikeProbabilityAxisFitsTheDataAndNeuronSpikesAreARasterRowAboveIt(@TempDir Path dir) throws Exception {
        int length = 3000;
        double[] p = new double[length];
        boolean[] spikes = new boolean[length];
        for (int i = 0; i < length; i++) {
            p[i] = 0.002 + 0.11 * Math.exp(-Math.pow((i % 700 - 350) / 8.0, 2));
            spikes[i] = i % 700 == 352;
        }
        NeuronioEvaluation.Trace t = new NeuronioEvaluation.Trace("x.p", 0, p, spikes, new double[length],
            new double[length]);
        Plot plot = NeuronioPlots.spikeProbability(t, 0.08, 2);
        double[] y = plot.yAxisRange();
        assertEquals(0, y[0]);
        assertTrue(y[1] < 0.2, "axis scaled to peaks of 0.11, not 0..1: " + y[1]);
        assertTrue(plot.legendNames().contains("NEURON spikes"), plot.legendNames().toString());
        assertTrue(plot.legendNames().contains("ELM spikes"), plot.legendNames().toString());
        assertTrue(plot.legendNames().stream().anyMatch(n -> n.startsWith("threshold 0.08")), plot.legendNames().toString());
        assertTrue(plot.title().contains("NEURON 4 spikes") && plot.title().contains("ELM 12 at p \u2265 0.08"), plot.title());
        assertArrayEquals(new double[] {0, 3000}, plot.xAxisRange(), 0);
        assertTrue(Files.size(plot.save(dir.resolve("s"))) > 1000);
    }
}
