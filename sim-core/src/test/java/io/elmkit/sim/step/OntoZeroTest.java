package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A neuron's or stream's first event of a step writes its input sum from zero in one pass
 * ({@link Layers#axpyOntoZero}, {@link Layers#axpy4OntoZero}, {@link EventStepper#startSum}) instead
 * of zeroing the row and adding: the same bits, signed zeros included (a -0.0 product must come out
 * +0.0, as 0.0 + -0.0 does), whatever the row held before.
 */
class OntoZeroTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e300, -1e300};

    private static double[] column(SplittableRandom rng, int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        return c;
    }

    private static double value(SplittableRandom rng) {
        return rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(4)] : (float) rng.nextGaussian();
    }

    private static double[] stale(SplittableRandom rng, int n) {
        double[] z = new double[n];
        Arrays.setAll(z, i -> rng.nextBoolean() ? -0.0 : rng.nextGaussian());
        return z;
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                what + ", element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void writingFromZeroEqualsZeroingThenAdding() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int n : new int[] {1, 3, 8, 17, 200}) {
            for (int trial = 0; trial < 200; trial++) {
                double[][] c = {column(rng, n), column(rng, n), column(rng, n), column(rng, n)};
                double[] x = {value(rng), value(rng), value(rng), value(rng)};
                double[] expected = new double[n];
                Layers.axpy(expected, c[0], x[0], n);
                double[] actual = stale(rng, n);
                Layers.axpyOntoZero(actual, c[0], x[0], n);
                assertBits(expected, actual, "one column, n " + n);

                double[] expected4 = new double[n];
                Layers.axpy4(expected4, c[0], x[0], c[1], x[1], c[2], x[2], c[3], x[3], n);
                double[] actual4 = stale(rng, n);
                Layers.axpy4OntoZero(actual4, c[0], x[0], c[1], x[1], c[2], x[2], c[3], x[3], n);
                assertBits(expected4, actual4, "four columns, n " + n);
            }
        }
    }

    @Test
    void aSharedSumStartedFromAStaleRowEqualsOneZeroedThenAdded() {
        EventStepper stepper = new EventStepper(SharedInputSumTest.neuronioShaped(90, 6, 8, 11, 60, 13), 4);
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int channel = rng.nextInt(90);
            float value = rng.nextInt(4) == 0 ? -0f : (float) rng.nextGaussian();
            double[] expected = stepper.newSum();
            stepper.addToSum(expected, channel, value);
            double[] actual = stale(rng, expected.length);
            stepper.startSum(actual, channel, value);
            assertBits(expected, actual, "channel " + channel + ", value " + value);
        }
    }
}
