package io.elmkit.cli;

import io.elmkit.plot.Plot;
import java.util.Locale;

/**
 * The demo's {@code pair0_output} plot: every class's output (logit) of one SHD-Adding pair over
 * time, the true class and the predicted one drawn thick, in colour and named in the legend and
 * title, the other classes thin and grey (one legend entry for all of them).
 */
final class PairOutputPlot {
    private PairOutputPlot() {
    }

    /** SHD-Adding's class k is the sum of the two digits (0..18). */
    static String className(int k) {
        return "sum " + k;
    }

    /**
     * @param y outputs (pairs, steps, classes) row-major
     * @param pair which pair
     */
    static Plot of(float[] y, int pair, int steps, int classes, double binMs, int label, int predicted) {
        double[] t = new double[steps];
        for (int s = 0; s < steps; s++) {
            t[s] = (s + 1) * binMs;
        }
        String verdict = label == predicted ? "correct" : "wrong";
        Plot p = Plot.titled(String.format(Locale.ROOT, "Pair %d: output of each of the %d classes (true %s, predicted %s: %s)",
            pair, classes, className(label), className(predicted), verdict), "time (ms)", "output (logit)");
        boolean othersListed = false;
        for (int k = 0; k < classes; k++) {
            if (k == label || k == predicted) {
                continue;
            }
            p.line(othersListed ? className(k) : "other classes (" + (classes - (label == predicted ? 1 : 2)) + ")",
                t, classTrace(y, pair, steps, classes, k)).color(Plot.GREY).widthPx(0.8f);
            if (othersListed) {
                p.unlisted();
            }
            othersListed = true;
        }
        // Drawn last so that they lie on top of the grey curves.
        if (predicted != label) {
            p.line("predicted: " + className(predicted), t, classTrace(y, pair, steps, classes, predicted))
                .color(Plot.RED).widthPx(2.4f);
        }
        p.line((predicted == label ? "true = predicted: " : "true: ") + className(label), t,
            classTrace(y, pair, steps, classes, label)).color(Plot.BLUE).widthPx(2.4f);
        return p.size(1100, 450);
    }

    private static double[] classTrace(float[] y, int pair, int steps, int classes, int k) {
        double[] v = new double[steps];
        for (int s = 0; s < steps; s++) {
            v[s] = y[(pair * steps + s) * classes + k];
        }
        return v;
    }
}
