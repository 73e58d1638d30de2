package io.elmkit.sim.train;

/**
 * The two products of the training step that do not feed back into the recurrence, the first
 * layer's branch part z_b,t = W0[:, branches] b_t (forward) and the branch gradient
 * g_b,t = W0[:, branches]^T g_t (backward), computed for a tile of steps at once as matrix-matrix
 * products with time as the contiguous inner axis ({@code [unit][step]} rows): a weight is loaded
 * once per tile instead of once per step, and the inner loops are axpys over up to {@link #STEPS}
 * steps that C2 vectorises, four output rows per pass so that each input row is loaded once for
 * four multiply-adds. Every element adds its terms in the same order as the step-by-step form
 * (bias, then branch j ascending; hidden unit i ascending), so results are bit-identical to it.
 */
final class TimeTiles {
    /** Steps per tile: a tile's rows stay in L1/L2 (d_b 700 x 64 float64 = 358 KB at the most). */
    static final int STEPS = 64;

    private TimeTiles() {
    }

    /**
     * acc[i][tt] = bias[i] + sum over j < dB (ascending) of cols[j][i] * b[j][tt], for i < h and
     * tt < n, in float64.
     */
    static void branchPart(double[][] cols, float[] bias, double[][] b, int dB, double[][] acc, int h, int n) {
        int i = 0;
        for (; i + 4 <= h; i += 4) {
            double[] a0 = acc[i];
            double[] a1 = acc[i + 1];
            double[] a2 = acc[i + 2];
            double[] a3 = acc[i + 3];
            java.util.Arrays.fill(a0, 0, n, bias[i]);
            java.util.Arrays.fill(a1, 0, n, bias[i + 1]);
            java.util.Arrays.fill(a2, 0, n, bias[i + 2]);
            java.util.Arrays.fill(a3, 0, n, bias[i + 3]);
            for (int j = 0; j < dB; j++) {
                double[] c = cols[j];
                double w0 = c[i];
                double w1 = c[i + 1];
                double w2 = c[i + 2];
                double w3 = c[i + 3];
                double[] x = b[j];
                for (int t = 0; t < n; t++) {
                    double v = x[t];
                    a0[t] += w0 * v;
                    a1[t] += w1 * v;
                    a2[t] += w2 * v;
                    a3[t] += w3 * v;
                }
            }
        }
        for (; i < h; i++) {
            double[] a0 = acc[i];
            java.util.Arrays.fill(a0, 0, n, bias[i]);
            for (int j = 0; j < dB; j++) {
                double w0 = cols[j][i];
                double[] x = b[j];
                for (int t = 0; t < n; t++) {
                    a0[t] += w0 * x[t];
                }
            }
        }
    }

    /**
     * gb[j][tt] = sum over i < h (ascending) of cols[j][i] * g[i][tt], for j < dB and tt < n, in
     * float64. Terms with g = 0 add +-0 to a sum that starts at +0, which leaves it as skipping them
     * would.
     */
    static void branchGradient(double[][] cols, double[][] g, int h, double[][] gb, int dB, int n) {
        int j = 0;
        for (; j + 4 <= dB; j += 4) {
            double[] c0 = cols[j];
            double[] c1 = cols[j + 1];
            double[] c2 = cols[j + 2];
            double[] c3 = cols[j + 3];
            double[] s0 = gb[j];
            double[] s1 = gb[j + 1];
            double[] s2 = gb[j + 2];
            double[] s3 = gb[j + 3];
            java.util.Arrays.fill(s0, 0, n, 0.0);
            java.util.Arrays.fill(s1, 0, n, 0.0);
            java.util.Arrays.fill(s2, 0, n, 0.0);
            java.util.Arrays.fill(s3, 0, n, 0.0);
            for (int i = 0; i < h; i++) {
                double w0 = c0[i];
                double w1 = c1[i];
                double w2 = c2[i];
                double w3 = c3[i];
                double[] x = g[i];
                for (int t = 0; t < n; t++) {
                    double v = x[t];
                    s0[t] += v * w0;
                    s1[t] += v * w1;
                    s2[t] += v * w2;
                    s3[t] += v * w3;
                }
            }
        }
        for (; j < dB; j++) {
            double[] c0 = cols[j];
            double[] s0 = gb[j];
            java.util.Arrays.fill(s0, 0, n, 0.0);
            for (int i = 0; i < h; i++) {
                double w0 = c0[i];
                double[] x = g[i];
                for (int t = 0; t < n; t++) {
                    s0[t] += x[t] * w0;
                }
            }
        }
    }
}
