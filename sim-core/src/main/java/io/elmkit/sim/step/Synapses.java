package io.elmkit.sim.step;

/**
 * The synapse part of a step, each piece defined once for the dense stepper, the training forward
 * and the reference step: routing a synapse's input, the per-synapse trace (v1), a branch's
 * weighted input (v2) and the decay of traces. Static so that the JIT inlines them into the
 * callers' loops; sums run in synapse order, in float64.
 */
public final class Synapses {
    private Synapses() {
    }

    /**
     * u_s, the input synapse {@code s} sees in the row of x starting at {@code row}: x[row + s] when
     * the routing is the identity ({@code route == null}), else x[row + route[s]], or 0 where the
     * route is invalid.
     */
    public static float routed(float[] x, int row, int[] route, boolean[] valid, int s) {
        if (route == null) {
            return x[row + s];
        }
        return valid[s] ? x[row + route[s]] : 0f;
    }

    /**
     * v1: s_i = kappa_i * s_i + w_i * u_i for the synapses {@code first .. first + count - 1} (trace
     * values at the same index), and returns b = their sum.
     */
    public static double stepSynapseTraces(double[] trace, float[] kappa, float[] w, int first, int count,
                                           float[] x, int row, int[] route, boolean[] valid) {
        double sum = 0.0;
        for (int i = first, end = first + count; i < end; i++) {
            double s = kappa[i] * trace[i] + w[i] * (double) routed(x, row, route, valid, i);
            trace[i] = s;
            sum += s;
        }
        return sum;
    }

    /** v2: a branch's input this step, the sum of w_i * u_i over synapses {@code first .. first + count - 1}. */
    public static double branchInput(float[] w, int first, int count, float[] x, int row, int[] route, boolean[] valid) {
        double sum = 0.0;
        for (int i = first, end = first + count; i < end; i++) {
            sum += w[i] * (double) routed(x, row, route, valid, i);
        }
        return sum;
    }

    /** trace[j] *= kappa[j] for j &lt; n: the decay of traces with one kappa each. */
    public static void decay(double[] trace, float[] kappa, int n) {
        for (int j = 0; j < n; j++) {
            trace[j] *= kappa[j];
        }
    }

    /** v[i] *= kappa for i &lt; n: the decay of traces (or of the branch part) that share one kappa. */
    public static void decay(double[] v, double kappa, int n) {
        for (int i = 0; i < n; i++) {
            v[i] *= kappa;
        }
    }

    /** v[i] = kappa * v[i] + u[i] for i &lt; n: the branch part's decay plus a step's input sum. */
    public static void decayAndAdd(double[] v, double kappa, double[] u, int n) {
        for (int i = 0; i < n; i++) {
            v[i] = decayAndAdd(v[i], kappa, u[i]);
        }
    }

    /** kappa * v + u: one value of the branch part decayed, plus its input sum. */
    public static double decayAndAdd(double v, double kappa, double u) {
        return v * kappa + u;
    }
}
