package io.elmkit.sim.step;

/**
 * The pieces of the MLP and memory part of a step, each defined once for the per-neuron kernel,
 * the batched kernel and the training forward: the first layer's bias plus branch part, the axpy a
 * layer is made of, a layer over column-stored weights, and the memory update. Static so that the
 * JIT inlines them into the callers' loops (no allocation, no dispatch); every sum adds its terms
 * in input order, so the callers' results do not depend on which of them ran.
 */
public final class Layers {
    private Layers() {
    }

    /** Column j of a row-major (rows, cols) matrix as its own array, for every j. */
    public static float[][] columns(float[] rowMajor, int rows, int cols) {
        float[][] c = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[j][r] = rowMajor[r * cols + j];
            }
        }
        return c;
    }

    /** z[i] += col[i] * x for i &lt; n. */
    public static void axpy(float[] z, float[] col, float x, int n) {
        for (int i = 0; i < n; i++) {
            z[i] += col[i] * x;
        }
    }

    /** z[i] += col[i] * x for i &lt; n, in float64. */
    public static void axpy(double[] z, double[] col, double x, int n) {
        for (int i = 0; i < n; i++) {
            z[i] += col[i] * x;
        }
    }

    /**
     * z[i] = 0.0 + col[i] * x for i &lt; n: {@link #axpy(double[], double[], double, int)} onto a row of
     * zeros, bit for bit (the {@code 0.0 +} turns a -0.0 product into +0.0, as the zeroed row did),
     * without the pass that zeroes it: a neuron's or stream's first event of a step.
     */
    public static void axpyOntoZero(double[] z, double[] col, double x, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = 0.0 + col[i] * x;
        }
    }

    /**
     * Four {@link #axpy(double[], double[], double, int)} in order, bit for bit, in one pass:
     * z[i] = (((z[i] + c0[i] * x0) + c1[i] * x1) + c2[i] * x2) + c3[i] * x3 for i &lt; n.
     */
    public static void axpy4(double[] z, double[] c0, double x0, double[] c1, double x1, double[] c2, double x2,
                             double[] c3, double x3, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = z[i] + c0[i] * x0 + c1[i] * x1 + c2[i] * x2 + c3[i] * x3;
        }
    }

    /** {@link #axpy4} onto a row of zeros without zeroing it first, bit for bit (see {@link #axpyOntoZero}). */
    public static void axpy4OntoZero(double[] z, double[] c0, double x0, double[] c1, double x1, double[] c2, double x2,
                                     double[] c3, double x3, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = 0.0 + c0[i] * x0 + c1[i] * x1 + c2[i] * x2 + c3[i] * x3;
        }
    }

    /**
     * out = bias + sum over j &lt; nIn of cols[j] * in[j] (nOut values), the terms added in order of j;
     * with {@code skipZeroInputs} inputs equal to zero add nothing (silent branches, ReLU zeros).
     */
    public static void dense(float[][] cols, float[] bias, float[] in, int nIn, float[] out, int nOut, boolean skipZeroInputs) {
        System.arraycopy(bias, 0, out, 0, nOut);
        for (int j = 0; j < nIn; j++) {
            float x = in[j];
            if (!skipZeroInputs || x != 0f) {
                axpy(out, cols[j], x, nOut);
            }
        }
    }

    /** Layer 0's start for one output: its bias plus the branch part z_b (float64), rounded once to float. */
    public static float biasPlusBranchPart(float bias, double branchPart) {
        return (float) (bias + branchPart);
    }

    /** m_t = kappa_m * m_{t-1} + gain * dm_t, in float32. */
    public static float nextMemory(float kappaM, float memory, float gain, float dm) {
        return kappaM * memory + gain * dm;
    }

    /**
     * th[i] = {@link ScaledTanh#tanhPart}(z[i]) for i &lt; n, bit for bit, vectorised over the row
     * ({@link ExactExp#tanhRow}) for the training forward, which keeps tanh(2/3 z) for its backward;
     * {@code scratch} holds at least n values.
     */
    public static void tanhPartRow(float[] z, int n, ScaledTanh.Scratch scratch, float[] th) {
        for (int i = 0; i < n; i++) {
            th[i] = ScaledTanh.SLOPE * z[i];
        }
        ExactExp.tanhRow(th, n, scratch.y, scratch.k, scratch.r, th);
    }
}
