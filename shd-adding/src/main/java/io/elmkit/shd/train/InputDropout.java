package io.elmkit.shd.train;

import java.util.SplittableRandom;

/** The notebooks' input dropout: entries where uniform < p become 0, without rescaling. */
final class InputDropout {
    private InputDropout() {
    }

    /** Drops the nonzero entries of x[0, n) with probability p (none, and no draw, when p <= 0). */
    static void apply(float[] x, int n, double p, SplittableRandom rng) {
        if (p <= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (x[i] != 0f && rng.nextDouble() < p) {
                x[i] = 0f;
            }
        }
    }
}
