package io.elmkit.sim.train;

/**
 * The products of the training step that do not feed back into the recurrence, the first layer's
 * branch part z_b,t = W0[:, branches] b_t (forward), the branch gradient g_b,t = W0[:, branches]^T
 * g_t and the weight gradient dW0[:, branches] += g_t b_t^T (backward), where Bptt keeps the branch
 * traces (branches that decay differently; otherwise it takes them from the spikes), computed for a tile of
 * steps at once as matrix-matrix products whose inner loops run over a long contiguous axis (time,
 * or the branches for the weight gradient) that C2 vectorises: a weight is loaded once per tile
 * instead of once per step, and the products run through {@link Products} (four inputs to four
 * outputs per pass, two at a time). Every element adds its terms
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
    private static final int BLOCK = 4;  // outputs per product (Products.add's register block)
    private final double[][] coef;       // [BLOCK][rows]: the outputs' weights of the rows kept
    private final double[][] outRows = new double[BLOCK][];
    private final double[][] outKept;    // [BLOCK][width]: weight-gradient rows at the columns kept
    private final int[] unit = new int[BLOCK];
    private final double[][] gDesc = new double[BLOCK][STEPS];
    private final double[][] rowsDesc = new double[STEPS][];
    private final double[][] rowsKept;   // [STEPS][width]: a tile's inputs at the columns kept
    private final boolean[] columnUsed;  // [width]: whether a column is non-zero in the tile

    /** Scratch for products with up to {@code maxRows} summed rows and weight-gradient rows of up to {@code maxWidth}. */
    TimeTiles(int maxRows, int maxWidth) {
        int n = Math.max(maxRows, maxWidth);
        active = new int[n];
        kept = new double[n][];
        coef = new double[BLOCK][n];
        outKept = new double[BLOCK][maxWidth];
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
        for (int i = 0; i < outputs; i += BLOCK) {
            int m = Math.min(BLOCK, outputs - i);
            for (int o = 0; o < m; o++) {
                keptOf(w[i + o], nKept, coef[o]);
                outRows[o] = out[i + o];
            }
            Products.add(outRows, coef, m, kept, nKept, n);
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
        // Hidden units with a non-zero gradient in the tile (the others would add only zeros),
        // BLOCK of them per product.
        int m = 0;
        for (int i = 0; i < h; i++) {
            if (descending(g[i], n, gDesc[m])) {
                unit[m++] = i;
            }
            if (m == BLOCK || (i == h - 1 && m > 0)) {
                for (int o = 0; o < m; o++) {
                    outRows[o] = all ? dw[unit[o]] : keptOf(dw[unit[o]], nKept, outKept[o]);
                }
                Products.add(outRows, gDesc, m, rowsDesc, n, nKept);
                for (int o = 0; o < m && !all; o++) {
                    double[] row = dw[unit[o]];
                    double[] from = outKept[o];
                    for (int c = 0; c < nKept; c++) {
                        row[active[c]] = from[c];
                    }
                }
                m = 0;
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
}
