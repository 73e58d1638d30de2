package io.elmkit.sim.synthetic;

import java.util.SplittableRandom;

/**
 * Standard normal draws whose every bit is fixed for a seed on every JDK: elmkit's own synthetic data
 * (the demo's spoken digits) must be the same data wherever it is made. {@code SplittableRandom.nextGaussian}
 * is not: its algorithm is unspecified and JDK 25's draws differ from 17's (for one seed the first
 * difference is at draw 1,715,619). Here: Box-Muller on two {@code nextDouble()}s (whose definition
 * {@code SplittableRandom} specifies: the top 53 bits of {@code nextLong()} times 2^-53), with
 * {@code StrictMath} for log and cos (whose results Java fixes bit for bit, unlike {@code Math}'s).
 * One draw per call (the second Box-Muller value is dropped), so a draw never depends on an earlier one.
 */
public final class Gaussian {
    private static final double TWO_PI = 2 * Math.PI;

    private Gaussian() {
    }

    /** One draw of N(0, 1): consumes exactly two {@code nextDouble()} of {@code rng}. */
    public static double draw(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble(); // in (0, 1]: log(u) is finite
        double v = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(TWO_PI * v);
    }
}
