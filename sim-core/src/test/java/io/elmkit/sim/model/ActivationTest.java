package io.elmkit.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActivationTest {

    /** The comparison the branch-free ReLU derivative stands for. */
    private static double reluDerivativeByComparison(float z) {
        return z > 0 ? 1.0 : 0.0;
    }

    @Test
    void reluDerivativeIsOneExactlyAbovePlusZero() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001), Float.MIN_NORMAL, 1f, -1f};
        for (float z : special) {
            assertEquals(reluDerivativeByComparison(z), Activation.RELU.derivative(z), "bits " + Integer.toHexString(Float.floatToRawIntBits(z)));
        }
        // Every 4099th bit pattern, both signs, NaNs included.
        for (long bits = 0; bits <= 0xffffffffL; bits += 4099) {
            float z = Float.intBitsToFloat((int) bits);
            assertEquals(Double.doubleToRawLongBits(reluDerivativeByComparison(z)),
                Double.doubleToRawLongBits(Activation.RELU.derivative(z)), "bits " + Long.toHexString(bits));
        }
    }
}
