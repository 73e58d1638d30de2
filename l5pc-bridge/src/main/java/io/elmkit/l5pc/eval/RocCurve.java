package io.elmkit.l5pc.eval;

import io.elmkit.io.nd.Indices;

/**
 * A receiver operating characteristic computed exactly as scikit-learn's {@code roc_curve} with its
 * defaults ({@code drop_intermediate=True}, a leading (0, 0) point at threshold +inf), which the
 * reference NeuronIO evaluation uses; ties in score form one point, so a tie counts half in the AUC.
 */
public final class RocCurve {
    private final double[] falsePositiveRate;
    private final double[] truePositiveRate;
    private final double[] thresholds;

    private RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {
        this.falsePositiveRate = falsePositiveRate;
        this.truePositiveRate = truePositiveRate;
        this.thresholds = thresholds;
    }

    /**
     * The ROC of {@code scores} against binary {@code positives}. Needs at least one positive and
     * one negative (otherwise a rate would divide by zero, as sklearn warns); NaN scores are rejected.
     */
    public static RocCurve of(double[] scores, boolean[] positives) {
        int n = EvalArrays.sameLength("scores", scores.length, "positives", positives.length);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
        // Sort by decreasing score; equal scores are merged into one threshold below.
        int[] order = Indices.stableOrder(n, (a, b) -> Double.compare(scores[b], scores[a]));

        // Cumulative true/false positives at the last index of each distinct score.
        double[] tps = new double[n + 1];
        double[] fps = new double[n + 1];
        double[] thr = new double[n + 1];
        int points = 0;
        long tp = 0;
        for (int r = 0; r < n; r++) {
            if (positives[order[r]]) {
                tp++;
            }
            boolean lastOfGroup = r == n - 1 || scores[order[r + 1]] != scores[order[r]];
            if (lastOfGroup) {
                tps[points] = tp;
                fps[points] = r + 1 - tp;
                thr[points] = scores[order[r]];
                points++;
            }
        }
        if (points == 0 || tps[points - 1] == 0 || fps[points - 1] == 0) {
            throw new IllegalArgumentException("ROC needs both positive and negative samples: "
                + (points == 0 ? 0 : (long) tps[points - 1]) + " positives, "
                + (points == 0 ? 0 : (long) fps[points - 1]) + " negatives");
        }

        // drop_intermediate: keep the ends and every point where the curve bends (non-zero second difference).
        int kept = 0;
        for (int i = 0; i < points; i++) {
            boolean keep = i == 0 || i == points - 1
                || secondDifference(fps, i) != 0 || secondDifference(tps, i) != 0;
            if (keep) {
                tps[kept] = tps[i];
                fps[kept] = fps[i];
                thr[kept] = thr[i];
                kept++;
            }
        }
        double[] fpr = new double[kept + 1];
        double[] tpr = new double[kept + 1];
        double[] thresholds = new double[kept + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        double totalFp = fps[kept - 1];
        double totalTp = tps[kept - 1];
        for (int i = 0; i < kept; i++) {
            fpr[i + 1] = fps[i] / totalFp;
            tpr[i + 1] = tps[i] / totalTp;
            thresholds[i + 1] = thr[i];
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    /** numpy.diff(v, 2) at position i - 1, i.e. v[i+1] - 2 v[i] + v[i-1] (only called for inner i). */
    private static double secondDifference(double[] v, int i) {
        return (v[i + 1] - v[i]) - (v[i] - v[i - 1]);
    }

    /** Area under the curve by the trapezoid rule (sklearn {@code auc}). */
    public double auc() {
        double area = 0;
        for (int i = 1; i < falsePositiveRate.length; i++) {
            area += (falsePositiveRate[i] - falsePositiveRate[i - 1])
                * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2.0;
        }
        return area;
    }

    /**
     * "TP @ x FP" of the reference: the true positive rate at the point whose false positive rate is
     * nearest to {@code fpr} (first such point), using point 1 when that is the leading (0, 0) point.
     */
    public double truePositiveRateAt(double fpr) {
        return truePositiveRate[pointNearest(fpr)];
    }

    /**
     * Index of the ROC point that "TP @ x FP" reads: nearest false positive rate (first such point),
     * point 1 instead of the leading (0, 0) point at threshold +inf. Scores {@code >= thresholds()[i]}
     * are the positives of point i.
     */
    public int pointNearest(double fpr) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < falsePositiveRate.length; i++) {
            double d = Math.abs(falsePositiveRate[i] - fpr);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best == 0 ? 1 : best;
    }

    /**
     * "AUC @ x FP" of the reference: the TPR linearly interpolated onto {@value #GRID_POINTS} evenly
     * spaced FPR values in [0, 1], averaged over the grid points before the one nearest {@code fpr}
     * (at least 1, at most {@value #GRID_POINTS} - 1 of them).
     */
    public double partialAucAt(double fpr) {
        double[] grid = new double[GRID_POINTS];
        int nearest = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < GRID_POINTS; i++) {
            grid[i] = linspace(i);
            double d = Math.abs(grid[i] - fpr);
            if (d < bestDistance) {
                bestDistance = d;
                nearest = i;
            }
        }
        int count = Math.min(Math.max(1, nearest), GRID_POINTS - 1);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += interpolate(grid[i]);
        }
        return sum / count;
    }

    static final int GRID_POINTS = 20_000;

    /** numpy.linspace(0, 1, GRID_POINTS)[i]: i * step, with the last value exactly 1. */
    private static double linspace(int i) {
        if (i == GRID_POINTS - 1) {
            return 1.0;
        }
        return i * (1.0 / (GRID_POINTS - 1));
    }

    /** numpy.interp(x, fpr, tpr): fpr is non-decreasing; for repeated fpr values the last one wins. */
    private double interpolate(double x) {
        double[] xp = falsePositiveRate;
        double[] fp = truePositiveRate;
        int n = xp.length;
        if (x <= xp[0]) {
            return x == xp[0] ? fp[lastIndexOf(xp, xp[0])] : fp[0];
        }
        if (x >= xp[n - 1]) {
            return fp[n - 1];
        }
        // Largest j with xp[j] <= x (binary search), then interpolate towards j + 1.
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
        return slope * (x - xp[lo]) + fp[lo];
    }

    private static int lastIndexOf(double[] values, double v) {
        int i = 0;
        while (i + 1 < values.length && values[i + 1] == v) {
            i++;
        }
        return i;
    }

    /** False positive rate of each point. */
    public double[] falsePositiveRates() {
        return falsePositiveRate.clone();
    }

    /** True positive rate of each point. */
    public double[] truePositiveRates() {
        return truePositiveRate.clone();
    }

    /** Score threshold of each point (+inf for the leading point). */
    public double[] thresholds() {
        return thresholds.clone();
    }
}
