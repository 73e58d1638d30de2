package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The register-blocked products equal the one-term-at-a-time sums bit for bit, for every count of
 * outputs and input rows around the kernels' block sizes (the blocks' tails included).
 */
class ProductsTest {
    private final Random random = new Random(11);

    @Test
    void float64ProductsEqualOneTermAtATime() {
        for (int outputs = 1; outputs <= 5; outputs++) {
            for (int count = 0; count <= 19; count++) {
                int n = 3 + count % 7;
                double[][] w = new double[outputs][count];
                double[][] x = new double[count][n];
                double[][] out = new double[outputs][n];
                for (int o = 0; o < outputs; o++) {
                    for (int r = 0; r < count; r++) {
                        w[o][r] = wide();
                    }
                    for (int t = 0; t < n; t++) {
                        out[o][t] = wide();
                    }
                }
                for (int r = 0; r < count; r++) {
                    for (int t = 0; t < n; t++) {
                        x[r][t] = wide();
                    }
                }
                double[][] expected = new double[outputs][];
                for (int o = 0; o < outputs; o++) {
                    expected[o] = out[o].clone();
                    for (int r = 0; r < count; r++) {
                        for (int t = 0; t < n; t++) {
                            expected[o][t] += w[o][r] * x[r][t];
                        }
                    }
                }
                Products.add(out, w, outputs, x, count, n);
                for (int o = 0; o < outputs; o++) {
                    for (int t = 0; t < n; t++) {
                        assertEquals(Double.doubleToRawLongBits(expected[o][t]), Double.doubleToRawLongBits(out[o][t]),
                            "outputs " + outputs + ", count " + count + ": [" + o + "][" + t + "]");
                    }
                }
            }
        }
    }

    @Test
    void selectedRowsAddInTheOrderOfTheirIndices() {
        int rowsOfX = 23;
        int n = 9;
        double[][] x = new double[rowsOfX][n];
        for (double[] row : x) {
            for (int t = 0; t < n; t++) {
                row[t] = wide();
            }
        }
        for (int count = 0; count <= 19; count++) {
            int[] rows = new int[count];
            double[] w = new double[count];
            for (int r = 0; r < count; r++) {
                rows[r] = (7 * r + 5) % rowsOfX; // not ascending
                w[r] = wide();
            }
            double[] out = new double[n];
            for (int t = 0; t < n; t++) {
                out[t] = wide();
            }
            double[] expected = out.clone();
            for (int r = 0; r < count; r++) {
                for (int t = 0; t < n; t++) {
                    expected[t] += w[r] * x[rows[r]][t];
                }
            }
            Products.add1(out, w, x, rows, count, n);
            for (int t = 0; t < n; t++) {
                assertEquals(Double.doubleToRawLongBits(expected[t]), Double.doubleToRawLongBits(out[t]), "count " + count + ": [" + t + "]");
            }
        }
    }

    @Test
    void float32ProductsEqualOneTermAtATime() {
        for (int count = 0; count <= 11; count++) {
            int n = 5 + count % 4;
            float[] w = new float[count];
            float[][] x = new float[count][n];
            float[] out = new float[n];
            for (int r = 0; r < count; r++) {
                w[r] = (float) wide();
                for (int t = 0; t < n; t++) {
                    x[r][t] = (float) wide();
                }
            }
            for (int t = 0; t < n; t++) {
                out[t] = (float) wide();
            }
            float[] expected = out.clone();
            for (int r = 0; r < count; r++) {
                io.elmkit.sim.step.Layers.axpy(expected, x[r], w[r], n);
            }
            Products.add1(out, w, x, count, n);
            for (int t = 0; t < n; t++) {
                assertEquals(Float.floatToRawIntBits(expected[t]), Float.floatToRawIntBits(out[t]), "count " + count + ": [" + t + "]");
            }
        }
    }

    /** Values over many magnitudes, so that a different order of terms rounds differently. */
    private double wide() {
        return random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4);
    }
}
