package io.elmkit.sim.train;

/**
 * Register-blocked sums of products for the training step: out_o[t] += sum over r &lt; count
 * (ascending) of w_o[r] * x_r[t], for several outputs o at once. Each pass of the inner loop adds
 * four input rows to two outputs (or to one), so an output is loaded and stored once per
 * four terms and an input row once per two outputs (the one-row-at-a-time form loads and stores
 * the output for every term). Every element still adds its terms one at a time in ascending r,
 * {@code out = out + w0 x0 + w1 x1 + ...} evaluated left to right, so results are bit-identical to
 * the one-term-at-a-time form. Stateless; the callers own the row arrays.
 */
final class Products {
    private Products() {
    }

    /**
     * out[o][t] += sum over r &lt; count (ascending) of w[o][r] * x[r][t], for o &lt; outputs and
     * t &lt; n, in float64.
     */
    static void add(double[][] out, double[][] w, int outputs, double[][] x, int count, int n) {
        int o = 0;
        for (; o + 2 <= outputs; o += 2) {
            add2(out[o], out[o + 1], w[o], w[o + 1], x, count, n);
        }
        if (o < outputs) {
            add1(out[o], w[o], x, null, count, n);
        }
    }

    /**
     * Two outputs, four input rows per pass. (Four outputs per pass measured 1.7x slower: C2 does
     * not unroll, hence does not vectorise, a loop body that large.)
     */
    private static void add2(double[] out0, double[] out1, double[] w0, double[] w1, double[][] x, int count, int n) {
        int r = 0;
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
    }

    /**
     * out[t] += sum over r &lt; count (ascending) of w[r] * x[rows[r]][t] for t &lt; n (rows null: x[r]),
     * four input rows per pass (eight measured 1.2x slower for the whole SHD training step: C2 does
     * not vectorise a loop body that large). Row indices, not a list of row references, so that the callers'
     * per-step selection of rows stores no references (a reference store costs a GC write barrier).
     */
    static void add1(double[] out, double[] w, double[][] x, int[] rows, int count, int n) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            double a0 = w[r], a1 = w[r + 1], a2 = w[r + 2], a3 = w[r + 3];
            double[] x0 = x[row(rows, r)], x1 = x[row(rows, r + 1)], x2 = x[row(rows, r + 2)], x3 = x[row(rows, r + 3)];
            for (int t = 0; t < n; t++) {
                out[t] = out[t] + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t];
            }
        }
        for (; r < count; r++) {
            double a0 = w[r];
            double[] x0 = x[row(rows, r)];
            for (int t = 0; t < n; t++) {
                out[t] += a0 * x0[t];
            }
        }
    }

    private static int row(int[] rows, int r) {
        return rows == null ? r : rows[r];
    }

    /**
     * out[t] += sum over r &lt; count (ascending) of x[r][t] * w[r] for t &lt; n, in float32 (each
     * term rounded, then added, as {@code Layers.axpy} one row at a time): four input rows per pass.
     */
    static void add1(float[] out, float[] w, float[][] x, int count, int n) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            float a0 = w[r], a1 = w[r + 1], a2 = w[r + 2], a3 = w[r + 3];
            float[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3];
            for (int t = 0; t < n; t++) {
                out[t] = out[t] + x0[t] * a0 + x1[t] * a1 + x2[t] * a2 + x3[t] * a3;
            }
        }
        for (; r < count; r++) {
            float a0 = w[r];
            float[] x0 = x[r];
            for (int t = 0; t < n; t++) {
                out[t] += x0[t] * a0;
            }
        }
    }
}
