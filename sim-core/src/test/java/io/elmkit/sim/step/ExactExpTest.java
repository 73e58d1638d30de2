package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExactExpTest {

    @Test
    void agreesWithStrictMathToOneInAQuadrillion() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 1_000_000; i++) {
            double x = (rng.nextDouble() - 0.5) * 1400;
            double expected = StrictMath.exp(x);
            double actual = ExactExp.exp(x);
            double tolerance = Math.max(expected * 1e-15, Double.MIN_VALUE * 4);
            assertTrue(Math.abs(actual - expected) <= tolerance, "exp(" + x + ") = " + actual + " vs " + expected);
        }
    }

    @Test
    void edgeCases() {
        assertEquals(1.0, ExactExp.exp(0.0));
        assertEquals(Double.POSITIVE_INFINITY, ExactExp.exp(710));
        assertEquals(0.0, ExactExp.exp(-746));
        assertTrue(Double.isNaN(ExactExp.exp(Double.NaN)));
        assertEquals(Math.E, ExactExp.exp(1.0), 1e-15);
    }

    @Test
    void tanhRowGivesTanhsBitsForEveryElement() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        float[] special = {0f, -0f, 1e-12f, -1e-12f, 1e-9f, -1e-9f, 1.0000001e-9f, 0.5f, -1f, 9f, 19.999f, 20f, -20.001f,
            40f, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN};
        int n = 257;
        float[] x = new float[n];
        float[] out = new float[n];
        double[] y = new double[n];
        double[] k = new double[n];
        double[] r = new double[n];
        for (int round = 0; round < 4000; round++) {
            for (int i = 0; i < n; i++) {
                int pick = rng.nextInt(10);
                x[i] = pick == 0 ? special[rng.nextInt(special.length)]
                    : pick == 1 ? Float.intBitsToFloat(rng.nextInt())
                    : (float) ((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-10, 3)));
            }
            int count = round == 0 ? n : rng.nextInt(n + 1);
            System.arraycopy(x, 0, out, 0, n);
            ExactExp.tanhRow(out, count, y, k, r, out);
            for (int i = 0; i < count; i++) {
                float expected = ExactExp.tanh(x[i]);
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[i]), "tanh(" + x[i] + ")");
                if (!Float.isNaN(expected)) {
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]), "tanh(" + x[i] + ")");
                }
            }
        }
    }

    @Test
    void scaledTanhRowMatchesValue() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        int n = 40;
        float[] z = new float[n];
        float[] expected = new float[n];
        ScaledTanh.Scratch scratch = new ScaledTanh.Scratch(n);
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < n; i++) {
                z[i] = (float) ((rng.nextDouble() - 0.5) * 60);
                expected[i] = ScaledTanh.value(z[i]);
            }
            ScaledTanh.valueRow(z, n, scratch);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(z[i]), "at " + i);
            }
        }
    }
}
