package io.elmkit.sim.model;

import io.elmkit.sim.step.ExactExp;

/**
 * Hidden-layer activation of the ELM's dendritic MLP ({@code mlp_activation}): its value and its
 * derivative, the one definition every stepper and the training backward use (a new activation is
 * added here and nowhere else).
 */
public enum Activation {
    /** ReLU, max(0, x) ({@code "relu"}). */
    RELU("relu") {
        @Override
        public float apply(float z) {
            return Math.max(z, 0f);
        }

        /**
         * 1 for z > 0, else 0 (as PyTorch; NaN: 0), without a branch: the sign of a pre-activation is
         * a coin toss, and the training step's ~40 mispredicted branches per step cost ~5 % of it. On
         * the bits: z > 0 exactly when they are above 0 (+0) and at most those of +infinity.
         */
        @Override
        public double derivative(float z) {
            int bits = Float.floatToRawIntBits(z);
            return ((-bits) >>> 31) & ((bits - 0x7f800001) >>> 31);
        }

        /** {@link #apply} spelt out, so that C2 vectorises it over a row (the batched kernels' hidden layers). */
        @Override
        public void applyInPlace(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                v[i] = Math.max(v[i], 0f);
            }
        }
    },
    /** SiLU, x sigmoid(x) ({@code "silu"}). */
    SILU("silu") {
        /** As the reference computes it, z * sigmoid(z), via double. */
        @Override
        public float apply(float z) {
            return ExactExp.silu(z);
        }

        @Override
        public double derivative(float z) {
            double s = ExactExp.sigmoid(z);
            return s * (1.0 + z * (1.0 - s));
        }
    };

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    /** The activation of pre-activation z, in float32 like the reference. */
    public abstract float apply(float z);

    /** d apply / d z at pre-activation z. */
    public abstract double derivative(float z);

    /** Applies the activation to v[0..n) in place. */
    public void applyInPlace(float[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[i] = apply(v[i]);
        }
    }

    /** The value of {@code mlp_activation} in {@code model_config.json}. */
    public String configName() {
        return configName;
    }

    /** The activation a config names ({@code "relu"}, {@code "silu"}), or null for another name. */
    public static Activation fromConfigName(String name) {
        for (Activation a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
