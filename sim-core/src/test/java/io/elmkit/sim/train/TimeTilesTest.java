package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled products equal their step-by-step form bit for bit, also when rows that are zero over
 * the whole tile (left out of the products) or at some steps only (kept) are mixed with others.
 */
class TimeTilesTest {
    private static final int H = 7;   // odd: the one-output tail of the kernel
    private static final int DB = 13;
    private static final int N = 37;  // a partial tile

    private final Random random = new Random(3);

    @Test
    void productsWithZeroRowsEqualTheStepByStepSums() {
        TimeTiles tiles = new TimeTiles(Math.max(DB, H), DB);
        double[][] wRows = matrix(H, DB, 0);     // W0[i][j]
        double[][] wCols = new double[DB][H];    // W0[i][j] as [j][i]
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < DB; j++) {
                wCols[j][i] = wRows[i][j];
            }
        }
        float[] bias = new float[H];
        for (int i = 0; i < H; i++) {
            bias[i] = (float) random.nextGaussian();
        }
        double[][] b = matrix(DB, N, 0.3);       // branch values [j][t]
        zeroRows(b, 0, 4, 5, 12, 7);
        b[7][N - 1] = 0.25;                      // non-zero at one step only: kept
        b[5][0] = 0.75;
        double[][] g = matrix(H, N, 0.5);        // first-layer gradients [i][t] (ReLU zeros)
        zeroRows(g, 1, 2, 6, 3);
        g[3][0] = -0.5;

        double[][] acc = new double[H][TimeTiles.STEPS];
        tiles.branchPart(wRows, bias, b, DB, acc, H, N);
        double[][] gb = new double[DB][TimeTiles.STEPS];
        tiles.branchGradient(wCols, g, H, gb, DB, N);
        double[][] branchByStep = new double[N][DB];
        double[][] dw = matrix(H, DB, 0);
        double[][] dwExpected = new double[H][];
        for (int i = 0; i < H; i++) {
            dwExpected[i] = dw[i].clone();
        }
        for (int t = 0; t < N; t++) {
            for (int j = 0; j < DB; j++) {
                branchByStep[t][j] = b[j][t];
            }
        }
        tiles.weightGradient(dw, g, H, branchByStep, 0, N, DB);

        for (int t = 0; t < N; t++) {
            for (int i = 0; i < H; i++) {
                double z = bias[i];
                for (int j = 0; j < DB; j++) {
                    z += wRows[i][j] * b[j][t];
                }
                assertEquals(bits(z), bits(acc[i][t]), "branch part [" + i + "][" + t + "]");
            }
            for (int j = 0; j < DB; j++) {
                double s = 0;
                for (int i = 0; i < H; i++) {
                    s += wCols[j][i] * g[i][t];
                }
                assertEquals(bits(s), bits(gb[j][t]), "branch gradient [" + j + "][" + t + "]");
            }
        }
        for (int t = N - 1; t >= 0; t--) {   // the backward's order, latest step first
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < DB; j++) {
                    dwExpected[i][j] += g[i][t] * b[j][t];
                }
            }
        }
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < DB; j++) {
                assertEquals(bits(dwExpected[i][j]), bits(dw[i][j]), "weight gradient [" + i + "][" + j + "]");
            }
        }
    }

    /** rows x cols Gaussians, each zero with probability zeroFraction; rows as long as a tile. */
    private double[][] matrix(int rows, int cols, double zeroFraction) {
        double[][] m = new double[rows][Math.max(cols, TimeTiles.STEPS)];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = random.nextDouble() < zeroFraction ? 0.0 : random.nextGaussian();
            }
        }
        return m;
    }

    private static void zeroRows(double[][] m, int... rows) {
        for (int r : rows) {
            java.util.Arrays.fill(m[r], 0.0);
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
