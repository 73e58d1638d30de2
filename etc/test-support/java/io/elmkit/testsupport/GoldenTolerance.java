package io.elmkit.testsupport;

/**
 * How far a result may be from a golden one: the measures docs/model.md's tolerances are stated in
 * (outputs within 1e-4 absolute, gradients within 1e-3 relative), defined once for every module.
 */
public final class GoldenTolerance {
    /** Outputs: max |actual - expected| (|y| reaches ~20; float32 paths against float64 references). */
    public static final double OUTPUT = 1e-4;
    /** Gradients: the worst {@link #gradientError} allowed. */
    public static final double GRADIENT = 1e-3;

    private GoldenTolerance() {
    }

    /** max |actual[i] - expected[i]| over the first {@code n} elements; NaN counts as infinitely far. */
    public static double maxAbsDifference(float[] expected, float[] actual, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            worst = err <= worst ? worst : (Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        }
        return worst;
    }

    /**
     * The worst relative gradient error: |actual - expected| / (|expected| + 1e-6 + 1e-4 max|expected|),
     * so that entries near zero are judged against the tensor's scale.
     */
    public static double gradientError(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("gradient has " + actual.length + " elements, expected " + expected.length);
        }
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + 1e-6 + 1e-4 * maxAbs);
            worst = err <= worst ? worst : (Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        }
        return worst;
    }
}
