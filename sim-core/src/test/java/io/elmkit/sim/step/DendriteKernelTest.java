package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DendriteKernelTest {

    @Test
    void fastTanhIsWithinOneFloatUlpOfMathTanh() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        float[] special = {0f, -0f, 1e-12f, -1e-12f, 1e-9f, 1e-7f, 0.5f, 1f, 5f, 9f, 19.9f, 20f, 25f, -25f, 1000f};
        for (int i = 0; i < 2_000_000 + special.length; i++) {
            float x = i < special.length ? special[i] : (float) ((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-6, 3)));
            float expected = (float) Math.tanh(x);
            float actual = ExactExp.tanh(x);
            assertTrue(Math.abs(expected - actual) <= Math.ulp(expected), "tanh(" + x + "): " + actual + " vs " + expected);
        }
    }
}
