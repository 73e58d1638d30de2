package io.elmkit.sim.train;

/**
 * The products of the training step that do not feed back into the recurrence, the first layer's
 * branch part z_b,t = W0[:, branches] b_t (forward), the branch gradient g_b,t = W0[:, branches]^T
 * g_t and the weight gradient dW0[:, branches] += g_t b_t^T (backward), computed for a tile of
 * steps at once as matrix-matrix products whose inner loops run over a long contiguous axis (time,
 * or the branches for the weight gradient) that C2 vectorises: a weight is loaded once per tile
 * instead of once per step, and each pass adds four inputs to two outputs, so an output is loaded
 * and stored once per four multiply-adds and an input once per two. Every element adds its terms
 * one at a time in the order of the step-by-step form (bias, then branch j ascending; hidden unit i
 * ascending; step t descending), so results are bit-identical to it.
 */
final class TimeTiles {
    /**
     * Steps per tile: long enough for C2's unrolled vector loop (64 measured 3x slower than 128 for
     * the two-output kernel), short enough that a tile of d_b 700 branches (700 KB) stays in L2.
     */
    static final int STEPS = 128;

    private TimeTiles() {
    }

    /**
     * acc[i][tt] = bias[i] + sum over j < dB (ascending) of rows[i][j] * b[j][tt], for i < h and
     * tt < n, in float64.
     */
    static void branchPart(double[][] rows, float[] bias, double[][] b, int dB, double[][] acc, int h, int n) {
        for (int i = 0; i < h; i++) {
            java.util.Arrays.fill(acc[i], 0, n, bias[i]);
        }
        int i = 0;
        for (; i + 2 <= h; i += 2) {
            accumulate(acc[i], acc[i + 1], rows[i], rows[i + 1], b, dB, n);
        }
        if (i < h) {
            accumulate(acc[i], acc[i], rows[i], null, b, dB, n);
        }
    }

    /**
     * gb[j][tt] = sum over i < h (ascending) of cols[j][i] * g[i][tt], for j < dB and tt < n, in
     * float64. Terms with g = 0 add +-0 to a sum that starts at +0, which leaves it as skipping them
     * would.
     */
    static void branchGradient(double[][] cols, double[][] g, int h, double[][] gb, int dB, int n) {
        for (int j = 0; j < dB; j++) {
            java.util.Arrays.fill(gb[j], 0, n, 0.0);
        }
        int j = 0;
        for (; j + 2 <= dB; j += 2) {
            accumulate(gb[j], gb[j + 1], cols[j], cols[j + 1], g, h, n);
        }
        if (j < dB) {
            accumulate(gb[j], gb[j], cols[j], null, g, h, n);
        }
    }

    /**
     * The weight gradient of a tile: dw[i][j] += g[i][tt] * rows[t0 + tt][j] for tt from n - 1 down
     * to 0 (the backward's order, latest step first), for i < h and j < width. Zero terms (a ReLU
     * unit off) leave a sum that starts at +0 as it is. {@code gDesc} (2 x n values) and
     * {@code rowsDesc} (n references) are scratch.
     */
    static void weightGradient(double[][] dw, double[][] g, int h, double[][] rows, int t0, int n, int width,
                               double[][] gDesc, double[][] rowsDesc) {
        for (int r = 0; r < n; r++) {
            rowsDesc[r] = rows[t0 + n - 1 - r];
        }
        for (int i = 0; i < h; i += 2) {
            boolean pair = i + 1 < h;
            boolean any = descending(g[i], n, gDesc[0]);
            if (pair) {
                any |= descending(g[i + 1], n, gDesc[1]);
            }
            if (!any) {
                continue; // adding zeros would leave dw as it is
            }
            if (pair) {
                accumulate(dw[i], dw[i + 1], gDesc[0], gDesc[1], rowsDesc, n, width);
            } else {
                accumulate(dw[i], dw[i], gDesc[0], null, rowsDesc, n, width);
            }
        }
    }

    /** to[r] = from[n - 1 - r] for r < n; whether any is non-zero. */
    private static boolean descending(double[] from, int n, double[] to) {
        boolean any = false;
        for (int r = 0; r < n; r++) {
            double v = from[n - 1 - r];
            to[r] = v;
            any |= v != 0;
        }
        return any;
    }

    /**
     * out0[t] += sum over r < count (ascending) of w0[r] * x[r][t], and the same for out1 with w1
     * (unless w1 is null: one output), for t < n. Two outputs: four input rows per pass,
     * out[t] = out[t] + w[r] x_r[t] + w[r+1] x_r+1[t] + ... evaluated left to right, the order of
     * one term at a time.
     */
    static void accumulate(double[] out0, double[] out1, double[] w0, double[] w1, double[][] x, int count, int n) {
        int r = 0;
        if (w1 != null) {
            for (; r + 4 <= count; r += 4) {
                double a0 = w0[r];
                double a1 = w0[r + 1];
                double a2 = w0[r + 2];
                double a3 = w0[r + 3];
                double b0 = w1[r];
                double b1 = w1[r + 1];
                double b2 = w1[r + 2];
                double b3 = w1[r + 3];
                double[] x0 = x[r];
                double[] x1 = x[r + 1];
                double[] x2 = x[r + 2];
                double[] x3 = x[r + 3];
                for (int t = 0; t < n; t++) {
                    double v0 = x0[t];
                    double v1 = x1[t];
                    double v2 = x2[t];
                    double v3 = x3[t];
                    out0[t] = out0[t] + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
                    out1[t] = out1[t] + b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
                }
            }
            for (; r < count; r++) {
                double a0 = w0[r];
                double b0 = w1[r];
                double[] x0 = x[r];
                for (int t = 0; t < n; t++) {
                    out0[t] += a0 * x0[t];
                    out1[t] += b0 * x0[t];
                }
            }
            return;
        }
        // One output (the last of an odd count): one input per pass.
        for (; r < count; r++) {
            double a0 = w0[r];
            double[] x0 = x[r];
            for (int t = 0; t < n; t++) {
                out0[t] += a0 * x0[t];
            }
        }
    }
}
