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

    // Inputs that are zero over a whole tile (a channel not yet spiked, a ReLU unit off for the
    // tile) add only +-0 terms: they are left out of the products, so the cost follows the
    // non-zero rows, as the step-by-step form skipped zero gradients (on SHD 70% of the branch
    // rows and a third of the hidden-unit rows of a tile are zero). Scratch for that compaction:
    private final int[] active;          // indices of the rows kept
    private final double[][] kept;       // the rows kept (references)
    private final double[] w0;           // one output's weights of the rows kept
    private final double[] w1;
    private final double[][] gDesc = new double[2][STEPS];
    private final double[][] rowsDesc = new double[STEPS][];
    private final double[][] rowsKept;   // [STEPS][width]: a tile's inputs at the columns kept
    private final boolean[] columnUsed;  // [width]: whether a column is non-zero in the tile

    /** Scratch for products with up to {@code maxRows} summed rows and weight-gradient rows of up to {@code maxWidth}. */
    TimeTiles(int maxRows, int maxWidth) {
        int n = Math.max(maxRows, maxWidth);
        active = new int[n];
        kept = new double[n][];
        w0 = new double[n];
        w1 = new double[n];
        rowsKept = new double[STEPS][maxWidth];
        columnUsed = new boolean[maxWidth];
    }

    /** Keeps the rows x[r] (r < count) with a non-zero among their first n values in active/kept; their count. */
    private int keepNonZero(double[][] x, int count, int n) {
        int kept = 0;
        for (int r = 0; r < count; r++) {
            double[] row = x[r];
            boolean any = false;
            for (int t = 0; t < n; t++) {
                any |= row[t] != 0;
            }
            if (any) {
                active[kept] = r;
                this.kept[kept++] = row;
            }
        }
        return kept;
    }

    /**
     * acc[i][tt] = bias[i] + sum over j < dB (ascending) of rows[i][j] * b[j][tt], for i < h and
     * tt < n, in float64 (branches zero over the tile left out: the same sum, but for the sign of
     * a zero one).
     */
    void branchPart(double[][] rows, float[] bias, double[][] b, int dB, double[][] acc, int h, int n) {
        for (int i = 0; i < h; i++) {
            java.util.Arrays.fill(acc[i], 0, n, bias[i]);
        }
        sumOfKeptRows(rows, b, dB, acc, h, n);
    }

    /**
     * gb[j][tt] = sum over i < h (ascending) of cols[j][i] * g[i][tt], for j < dB and tt < n, in
     * float64. Terms with g = 0 add +-0 to a sum that starts at +0, which leaves it as skipping them
     * would.
     */
    void branchGradient(double[][] cols, double[][] g, int h, double[][] gb, int dB, int n) {
        for (int j = 0; j < dB; j++) {
            java.util.Arrays.fill(gb[j], 0, n, 0.0);
        }
        sumOfKeptRows(cols, g, h, gb, dB, n);
    }

    /** out[i][tt] += sum over r < count (ascending) of w[i][r] * x[r][tt] over the rows of x not zero in the tile. */
    private void sumOfKeptRows(double[][] w, double[][] x, int count, double[][] out, int outputs, int n) {
        int nKept = keepNonZero(x, count, n);
        if (nKept == 0) {
            return;
        }
        int i = 0;
        for (; i + 2 <= outputs; i += 2) {
            accumulate(out[i], out[i + 1], keptOf(w[i], nKept, w0), keptOf(w[i + 1], nKept, w1), kept, nKept, n);
        }
        if (i < outputs) {
            accumulate(out[i], out[i], keptOf(w[i], nKept, w0), null, kept, nKept, n);
        }
    }

    /**
     * The weight gradient of a tile: dw[i][j] += g[i][tt] * rows[t0 + tt][j] for tt from n - 1 down
     * to 0 (the backward's order, latest step first), for i < h and j < width. Zero terms (a ReLU
     * unit off, a branch zero over the tile) leave a sum that starts at +0 as it is, so they are
     * left out.
     */
    void weightGradient(double[][] dw, double[][] g, int h, double[][] rows, int t0, int n, int width) {
        // Columns non-zero over the tile, as rows[r][jj] in the backward's step order.
        java.util.Arrays.fill(columnUsed, 0, width, false);
        for (int t = t0; t < t0 + n; t++) {
            double[] row = rows[t];
            for (int j = 0; j < width; j++) {
                columnUsed[j] |= row[j] != 0;
            }
        }
        int nKept = 0;
        for (int j = 0; j < width; j++) {
            if (columnUsed[j]) {
                active[nKept++] = j;
            }
        }
        if (nKept == 0) {
            return;
        }
        boolean all = nKept == width;
        for (int r = 0; r < n; r++) {
            double[] row = rows[t0 + n - 1 - r];
            if (all) {
                rowsDesc[r] = row;
            } else {
                double[] to = rowsKept[r];
                for (int c = 0; c < nKept; c++) {
                    to[c] = row[active[c]];
                }
                rowsDesc[r] = to;
            }
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
            double[] out0 = all ? dw[i] : keptOf(dw[i], nKept, w0);
            double[] out1 = !pair ? out0 : all ? dw[i + 1] : keptOf(dw[i + 1], nKept, w1);
            accumulate(out0, out1, gDesc[0], pair ? gDesc[1] : null, rowsDesc, n, nKept);
            if (!all) {
                for (int c = 0; c < nKept; c++) {
                    dw[i][active[c]] = out0[c];
                }
                for (int c = 0; c < nKept && pair; c++) {
                    dw[i + 1][active[c]] = out1[c];
                }
            }
        }
    }

    /** to[c] = from[active[c]] for c < count; to. */
    private double[] keptOf(double[] from, int count, double[] to) {
        for (int c = 0; c < count; c++) {
            to[c] = from[active[c]];
        }
        return to;
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
    private static void accumulate(double[] out0, double[] out1, double[] w0, double[] w1, double[][] x, int count, int n) {
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
