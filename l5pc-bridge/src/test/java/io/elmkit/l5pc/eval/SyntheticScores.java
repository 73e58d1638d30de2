package io.elmkit.l5pc.eval;

import java.util.Random;

/**
 * Spike probabilities of a made-up classifier: {@code n} steps, a fraction {@code positiveRate} of
 * them positive, each score the sigmoid of a unit Gaussian shifted by {@code positiveShift} on the
 * positives and by -2 on the others; for the ROC and threshold tests.
 */
record SyntheticScores(double[] scores, boolean[] positives) {

    static SyntheticScores draw(long seed, int n, double positiveRate, double positiveShift) {
        Random rng = new Random(seed);
        double[] scores = new double[n];
        boolean[] positives = new boolean[n];
        for (int i = 0; i < n; i++) {
            positives[i] = rng.nextDouble() < positiveRate;
            scores[i] = 1 / (1 + Math.exp(-(rng.nextGaussian() + (positives[i] ? positiveShift : -2))));
        }
        return new SyntheticScores(scores, positives);
    }

    RocCurve roc() {
        return RocCurve.of(scores, positives);
    }
}
