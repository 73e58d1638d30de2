package io.elmkit.sim.step;

/**
 * exp(x) in plain IEEE double arithmetic (Cody-Waite reduction, degree-13 Taylor polynomial),
 * relative error below 1e-15. Math.exp may differ by an ulp between the interpreter and JIT
 * intrinsics, which would make outputs depend on warm-up; Java evaluates this code the same way
 * in every tier, so results are reproducible bit for bit. Also faster than StrictMath.exp.
 */
public final class ExactExp {
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 split so that k * LN2_HI is exact for |k| < 2^11. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;

    private ExactExp() {
    }

    /**
     * tanh of a float argument, correctly rounded to float in all but rare ties: (e - 1) / (e + 1)
     * with e = exp(2|x|) in double (Math.tanh is a slow software routine on JDK 17). Double keeps
     * the cancellation near 0 far below float resolution. Built from the same pieces as
     * {@link #tanhRow}, which gives the same bits for every element.
     */
    public static float tanh(float x) {
        double ax = Math.abs((double) x);
        if (ax < TINY) {
            return x;
        }
        double y = 2.0 * Math.min(ax, CLAMP);
        double k = reductionK(y);
        return (float) Math.copySign(ratio(expPolynomial(reduced(y, k)), powerOfTwo(k)), (double) x);
    }

    /**
     * x[i] = tanh(x[i]) for i < n, in place ({@code out} must be x): the value {@link #tanh} gives,
     * bit for bit, a pass per piece so that C2 vectorises each over the row (measured 4x faster than
     * calling {@link #tanh} per element on a 256-wide row). {@code s}, {@code k} and {@code r} are
     * scratch rows of at least n values.
     *
     * <p>Why x is passed twice: C2 compiles the last pass fast or 2-3x slower depending on the
     * parameter it writes through, and the fast one differs between JDKs. On JDK 17, written through
     * {@code out}, this method compiled on its own ran at 5.2 against 1.8 ns per value (rows of 1,000)
     * and was fast only when inlined into a caller, which depended on the order in which methods got
     * compiled: a third of the engine's and the Flink job's time swung from run to run. Written
     * through {@code x}, JDK 25 ran it at 4.7 ns against 2.3. Reproducer:
     * {@code io.elmkit.bench.ScaledTanhRounds}; docs/performance.md, seventh pass.
     */
    static void tanhRow(float[] x, int n, double[] s, double[] k, double[] r, float[] out) {
        if (out != x) { // checked once per row: only one of the two is written (WRITE_THROUGH_X)
            throw new IllegalArgumentException("tanhRow works in place: out must be x");
        }
        for (int i = 0; i < n; i++) {
            s[i] = x[i];
        }
        for (int i = 0; i < n; i++) {
            // Clamped (infinity included, NaN stays NaN).
            double y = 2.0 * Math.min(Math.abs(s[i]), CLAMP);
            double ki = reductionK(y);
            k[i] = ki;
            r[i] = reduced(y, ki);
        }
        for (int i = 0; i < n; i++) {
            r[i] = expPolynomial(r[i]);
        }
        for (int i = 0; i < n; i++) {
            k[i] = powerOfTwo(k[i]);
        }
        for (int i = 0; i < n; i++) {
            s[i] = ratio(r[i], k[i]);
        }
        // The sign as tanh applies it, here in the pass that is scalar anyway (the rounding to float):
        // a sign taken by division in a vector pass cost a divide per element. Written to x through
        // the parameter C2 compiles fast on this JDK (out is x: the same bits either way).
        float[] result = WRITE_THROUGH_X ? x : out;
        for (int i = 0; i < n; i++) {
            float xi = x[i];
            result[i] = Math.abs(xi) < TINY ? xi : (float) Math.copySign(s[i], (double) xi);
        }
    }

    /**
     * Which parameter {@link #tanhRow}'s last pass writes through: x on JDK 17-20, out from JDK 21 on
     * (measured on 17 and 25; JDK 21 was not at hand). A constant, so C2 folds the choice.
     */
    private static final boolean WRITE_THROUGH_X = Runtime.version().feature() < 21;

    /** Below this |x|, tanh(x) rounds to x in float (and the formula would lose it to cancellation). */
    private static final double TINY = 1e-9;

    /**
     * |x| is clamped at 20 (y = 2|x| at 40): from |x| = 20 on, (e - 1) / (e + 1) is exactly 1.0 in
     * double, so the clamp changes nothing, keeps k below 64 and maps infinity to 1.
     */
    private static final double CLAMP = 20.0;

    /** k = round(y log2 e), for 0 <= y <= 40 (floor of y log2 e + 1/2; NaN stays NaN). */
    private static double reductionK(double y) {
        return Math.floor(y * LOG2E + 0.5);
    }

    /** r = y - k ln 2 in two parts (Cody-Waite), |r| <= 0.35. */
    private static double reduced(double y, double k) {
        return (y - k * LN2_HI) - k * LN2_LO;
    }

    /**
     * exp(r) for |r| <= 0.35: the degree-13 Taylor polynomial of {@link #exp} in Estrin's form,
     * whose independent halves overlap in the pipeline (2.4x faster than Horner's), same error bound.
     */
    private static double expPolynomial(double r) {
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double q0 = (1.0 + r) + r2 * (1.0 / 2 + r * (1.0 / 6));
        double q1 = (1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720 + r * (1.0 / 5040));
        double q2 = (1.0 / 40320 + r * (1.0 / 362880)) + r2 * (1.0 / 3628800 + r * (1.0 / 39916800));
        double q3 = 1.0 / 479001600 + r * (1.0 / 6227020800.0);
        return (q0 + r4 * q1) + r8 * (q2 + r4 * q3);
    }

    /**
     * 2^k, exactly, for an integer k in 0..62 (here at most 58: y &lt;= 40), as a shift of 1: the
     * row's pass ran at 0.41 ns per value against 0.55 for a form by arithmetic alone (JDK 17 and
     * 25), and at 8 bytes of bytecode it is inlined into the pass whatever the call site's profile
     * says (C2 inlines methods over 35 bytes only at call sites it deems hot). NaN gives 1; the
     * NaN then comes through p.
     */
    private static double powerOfTwo(double k) {
        return (double) (1L << (int) k);
    }

    /** (e - 1) / (e + 1) for e = p 2^k: tanh(y / 2). */
    private static double ratio(double p, double twoToK) {
        double e = p * twoToK;
        return (e - 1.0) / (e + 1.0);
    }

    /** SiLU as the reference computes it, x * sigmoid(x), via double. */
    public static float silu(float x) {
        return (float) (x / (1.0 + exp(-x)));
    }

    /** The logistic sigmoid in double. */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + exp(-x));
    }

    /** exp(x), relative error below 1e-15, identical in every JIT tier. */
    public static double exp(double x) {
        if (x > 709.0) {
            return x != x ? x : Double.POSITIVE_INFINITY;
        }
        if (x < -745.0) {
            return 0.0;
        }
        if (x != x) {
            return x;
        }
        double k = Math.rint(x * LOG2E);
        double r = (x - k * LN2_HI) - k * LN2_LO; // |r| <= 0.35
        double p = 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
            + r * (1.0 / 720 + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800
            + r * (1.0 / 39916800 + r * (1.0 / 479001600 + r * (1.0 / 6227020800.0)))))))))))));
        int n = (int) k;
        if (n >= -1022) {
            return p * Double.longBitsToDouble((long) (n + 1023) << 52);
        }
        // Subnormal results: scale in two steps to avoid underflowing the factor itself.
        return p * Double.longBitsToDouble((long) (n + 1023 + 600) << 52) * 0x1p-600;
    }
}
