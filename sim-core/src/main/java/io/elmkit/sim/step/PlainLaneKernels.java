package io.elmkit.sim.step;

import io.elmkit.sim.model.Activation;

/**
 * The default {@link LaneKernels}: one output row at a time, four inputs per pass over the batch,
 * written so that C2 vectorises the pass over neurons.
 */
final class PlainLaneKernels implements LaneKernels {
    static final PlainLaneKernels INSTANCE = new PlainLaneKernels();

    private PlainLaneKernels() {
    }

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public void accumulate(float[][] z, int rows, float[] w, int wOffset, int wStride, float[][] x, int count, int n) {
        for (int r = 0; r < rows; r++) {
            accumulateRow(z[r], w, wOffset + r * wStride, x, count, n);
        }
    }

    @Override
    public void accumulateRelu(float[][] z, int rows, float[] w, int wOffset, int wStride, float[][] x, int count, int n) {
        for (int r = 0; r < rows; r++) {
            float[] zr = z[r];
            accumulateRow(zr, w, wOffset + r * wStride, x, count, n);
            Activation.RELU.applyInPlace(zr, n); // the row still in L1
        }
    }

    /**
     * One row: z[b] += sum over j &lt; count of w[wOffset + j] * x[j][b], terms in order of j with a
     * rounding after each. Four inputs per pass over the batch: one load and one store of z per four
     * multiply-adds instead of per one, which is what bounded the plain axpy (two loads and a store
     * per multiply-add; the core does two loads per cycle).
     */
    private static void accumulateRow(float[] z, float[] w, int wOffset, float[][] x, int count, int n) {
        int j = 0;
        for (; j + 3 < count; j += 4) {
            float w0 = w[wOffset + j];
            float w1 = w[wOffset + j + 1];
            float w2 = w[wOffset + j + 2];
            float w3 = w[wOffset + j + 3];
            float[] x0 = x[j];
            float[] x1 = x[j + 1];
            float[] x2 = x[j + 2];
            float[] x3 = x[j + 3];
            for (int b = 0; b < n; b++) {
                z[b] = z[b] + w0 * x0[b] + w1 * x1[b] + w2 * x2[b] + w3 * x3[b];
            }
        }
        for (; j < count; j++) {
            float wj = w[wOffset + j];
            float[] xj = x[j];
            for (int b = 0; b < n; b++) {
                z[b] += wj * xj[b];
            }
        }
    }
}
