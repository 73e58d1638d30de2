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

    /** d value / d z given th = tanhPart(z). */
    public static double derivativeFromTanh(double th) {
        return (double) SCALE * SLOPE * (1.0 - th * th);
    }
}
