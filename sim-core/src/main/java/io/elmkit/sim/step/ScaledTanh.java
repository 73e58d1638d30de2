package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;

/**
 * The memory input nonlinearity of docs/model.md, LeCun's scaled tanh 1.7159 tanh(2/3 z), with its
 * derivative: the one definition every stepper and the training backward use. Constants live in
 * {@link ElmModel#TANH_SCALE} and {@link ElmModel#TANH_SLOPE}.
 */
public final class ScaledTanh {
    /** 1.7159, the outer scale. */
    public static final float SCALE = ElmModel.TANH_SCALE;
    /** 2/3, the slope inside the tanh. */
    public static final float SLOPE = ElmModel.TANH_SLOPE;

    private ScaledTanh() {
    }

    /** tanh(2/3 z), the part the backward keeps. */
    public static float tanhPart(float z) {
        return ExactExp.tanh(SLOPE * z);
    }

    /** 1.7159 tanh(2/3 z) in float32. */
    public static float value(float z) {
        return SCALE * tanhPart(z);
    }

    /**
     * value(z[i]) for i &lt; n, in place, bit for bit what {@link #value} gives, vectorised over the
     * row ({@link ExactExp#tanhRow}); {@code scratch} holds at least n values.
     */
    public static void valueRow(float[] z, int n, Scratch scratch) {
        for (int i = 0; i < n; i++) {
            z[i] = SLOPE * z[i];
        }
        ExactExp.tanhRow(z, n, scratch.y, scratch.k, scratch.r, z);
        for (int i = 0; i < n; i++) {
            z[i] = SCALE * z[i];
        }
    }

    /** Scratch rows for {@link #valueRow}, reused step after step by one kernel. */
    public static final class Scratch {
        final double[] y;
        final double[] k;
        final double[] r;

        /** Room for rows of up to {@code width} values. */
        public Scratch(int width) {
            y = new double[width];
            k = new double[width];
            r = new double[width];
        }
    }

    /** d value / d z given th = tanhPart(z). */
    public static double derivativeFromTanh(double th) {
        return (double) SCALE * SLOPE * (1.0 - th * th);
    }
}
