package io.elmkit.sim.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.elmkit.sim.step.LaneKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels against the plain ones, element by element (raw float bits): every row-block
 * and neuron-tail shape (rows 1..9 and 13, inputs 0..5, 17 and 100, neurons 1..70), values that
 * include signed zeros, subnormals, overflow to infinity and cancellation; and both kernels'
 * accumulateRelu against accumulate followed by Math.max(z, 0f) (-0.0, infinities). This module's test JVMs
 * run with -Delmkit.kernels=vector and the incubator module (pom.xml), so the switch is tested too.
 */
class VectorLaneKernelsTest {
    private static final float[] SPECIAL = {
        -0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-39f, -Float.MIN_NORMAL, 3e38f, -3e38f, 1e20f, -1e20f,
        Float.POSITIVE_INFINITY, 1.0f, -1.0f, 1e-7f};

    @Test
    void theSwitchSelectsTheVectorKernels() {
        LaneKernels selected = LaneKernels.selected();
        assertInstanceOf(VectorLaneKernels.class, selected, "elmkit.kernels=vector with the module added");
        assertEquals("vector", selected.name());
        assertEquals("plain", LaneKernels.plain().name());
    }

    @Test
    void vectorEqualsPlainBitForBit() {
        LaneKernels vector = new VectorLaneKernels();
        LaneKernels plain = LaneKernels.plain();
        SplittableRandom rng = new SplittableRandom(7);
        int width = 72;
        for (int rows : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 13}) {
            for (int count : new int[] {0, 1, 2, 3, 4, 5, 17, 100}) {
                int wStride = count + 3;
                int wOffset = 2;
                float[] w = values(rng, wOffset + rows * wStride, 0.1);
                float[][] x = new float[count][];
                for (int j = 0; j < count; j++) {
                    x[j] = values(rng, width, 0.1);
                }
                for (int n = 1; n <= 70; n++) {
                    float[][] expected = new float[rows + 1][];
                    float[][] actual = new float[rows + 1][];
                    for (int r = 0; r <= rows; r++) {
                        expected[r] = values(rng, width, 0.05);
                        actual[r] = expected[r].clone();
                    }
                    float[][] plainRelu = copy(expected);
                    float[][] vectorRelu = copy(expected);
                    plain.accumulate(expected, rows, w, wOffset, wStride, x, count, n);
                    vector.accumulate(actual, rows, w, wOffset, wStride, x, count, n);
                    String shape = "rows " + rows + ", inputs " + count + ", neurons " + n;
                    assertSameBits(expected, actual, shape + " (plain vs vector)");
                    // accumulateRelu: accumulate, then Math.max(z, 0f) on the same cells only.
                    for (int r = 0; r < rows; r++) {
                        for (int b = 0; b < n; b++) {
                            expected[r][b] = Math.max(expected[r][b], 0f);
                        }
                    }
                    plain.accumulateRelu(plainRelu, rows, w, wOffset, wStride, x, count, n);
                    vector.accumulateRelu(vectorRelu, rows, w, wOffset, wStride, x, count, n);
                    assertSameBits(expected, plainRelu, shape + " (accumulate then ReLU vs plain accumulateRelu)");
                    assertSameBits(expected, vectorRelu, shape + " (accumulate then ReLU vs vector accumulateRelu)");
                }
            }
        }
    }

    private static float[][] copy(float[][] rows) {
        float[][] c = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            c[r] = rows[r].clone();
        }
        return c;
    }

    /** Every cell, those outside the call too (row `rows`, neurons from n on: both must leave them alone). */
    private static void assertSameBits(float[][] expected, float[][] actual, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int b = 0; b < expected[r].length; b++) {
                int want = Float.floatToRawIntBits(expected[r][b]);
                int got = Float.floatToRawIntBits(actual[r][b]);
                if (want != got) {
                    assertEquals(want, got, what + ": z[" + r + "][" + b + "] = " + expected[r][b] + " vs " + actual[r][b]);
                }
            }
        }
    }

    /** Mostly normal values in [-1, 1], a share {@code special} of them from {@link #SPECIAL}. */
    private static float[] values(SplittableRandom rng, int length, double special) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = rng.nextDouble() < special ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) (2 * rng.nextDouble() - 1);
        }
        return v;
    }
}
