package io.elmkit.l5pc.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds on the surrogate's spike probability that turn it into a spiking neuron: the ROC
 * operating points at given false positive rates, and the threshold at which it fires as many
 * spikes as NEURON did on the same steps. A trained surrogate is calibrated for the loss, not for
 * 0.5: the published models peak well below 0.5 on real L5PC input, so {@code run
 * --spike-threshold 0.5} never fires; these are the thresholds to use instead.
 */
public final class DecisionThresholds {
    /** False positive rates (per evaluated 1-ms step without a NEURON spike) reported by eval-neuronio. */
    public static final double[] FP_RATES = {0.0025, 0.005, 0.01, 0.02};

    private DecisionThresholds() {
    }

    /**
     * A point of the ROC: predicting a spike wherever p(spike) {@code >= threshold} gives these
     * rates on the evaluated steps. {@code nominalFpRate} is the rate asked for, {@code fpRate} the
     * one reached (the nearest ROC point, as "TP @ x FP" of the reference evaluation reads it).
     */
    public record OperatingPoint(double nominalFpRate, double fpRate, double tpRate, double threshold) {
    }

    /**
     * The threshold at which the spike rule of {@code elmkit run} (spike when p >= threshold, then
     * {@code refractorySteps} silent steps) emits about as many spikes as NEURON: the largest
     * threshold whose spike count is at least NEURON's.
     */
    public record RateMatch(double threshold, long neuronSpikes, long modelSpikes, int refractorySteps,
                            long steps) {
    }

    /** The operating points of {@code roc} at each of {@code fpRates}. */
    public static List<OperatingPoint> atFpRates(RocCurve roc, double[] fpRates) {
        double[] fpr = roc.falsePositiveRates();
        double[] tpr = roc.truePositiveRates();
        double[] thr = roc.thresholds();
        List<OperatingPoint> points = new ArrayList<>();
        for (double target : fpRates) {
            int i = roc.pointNearest(target);
            points.add(new OperatingPoint(target, fpr[i], tpr[i], thr[i]));
        }
        return points;
    }

    /**
     * Spikes the run spike rule emits on {@code p[from..]}: a spike where p >= threshold and the
     * neuron is not refractory, then {@code refractorySteps} steps without spikes (as the engine's
     * {@code SpikeRule}).
     */
    public static long countSpikes(double[] p, int from, double threshold, int refractorySteps) {
        long spikes = 0;
        int refractoryLeft = 0;
        for (int i = Math.max(0, from); i < p.length; i++) {
            if (refractoryLeft > 0) {
                refractoryLeft--;
            } else if (p[i] >= threshold) {
                spikes++;
                refractoryLeft = refractorySteps;
            }
        }
        return spikes;
    }

    /**
     * The rate-matching threshold over traces (steps {@code from..} of each): bisection on the
     * threshold, since the spike count only falls as the threshold rises (up to the refractory
     * period shifting a spike by a step or two).
     */
    public static RateMatch matchingRate(List<double[]> probabilities, List<boolean[]> spikes, int from,
                                         int refractorySteps) {
        if (probabilities.size() != spikes.size()) {
            throw new IllegalArgumentException(probabilities.size() + " probability traces but " + spikes.size()
                + " spike trains");
        }
        long neuron = 0;
        long steps = 0;
        for (boolean[] s : spikes) {
            for (int i = Math.max(0, from); i < s.length; i++) {
                neuron += s[i] ? 1 : 0;
            }
            steps += Math.max(0, s.length - Math.max(0, from));
        }
        double lo = 0;   // count(lo) >= neuron always holds (every non-refractory step fires)
        double hi = Math.nextUp(1.0); // nothing reaches it
        for (int iter = 0; iter < 64 && Math.nextUp(lo) < hi; iter++) {
            double mid = lo + (hi - lo) / 2;
            if (count(probabilities, from, mid, refractorySteps) >= neuron) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // Reported (and copied onto command lines) with 4 significant digits, rounded down so that
        // the surrogate still fires at least NEURON's count; the count is that of the value shown.
        double shown = roundDown(lo, 4);
        return new RateMatch(shown, neuron, count(probabilities, from, shown, refractorySteps), refractorySteps, steps);
    }

    /** {@code v} rounded down to {@code digits} significant digits (v > 0), e.g. 0.123456 -> 0.1234. */
    static double roundDown(double v, int digits) {
        if (!(v > 0)) {
            return v;
        }
        // valueOf: the shortest decimal of v, so that a value already at 4 digits stays as it is.
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(digits, java.math.RoundingMode.FLOOR))
            .doubleValue();
    }

    private static long count(List<double[]> probabilities, int from, double threshold, int refractorySteps) {
        long n = 0;
        for (double[] p : probabilities) {
            n += countSpikes(p, from, threshold, refractorySteps);
        }
        return n;
    }
}
