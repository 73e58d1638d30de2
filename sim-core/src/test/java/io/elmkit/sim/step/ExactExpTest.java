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
}
