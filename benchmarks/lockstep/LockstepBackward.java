import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Standalone measurement (issue 13, training fourth round): the per-step recurrent part of the
 * NeuronIO backward (d_m 20, h 40, layer 1 40 -> 20, d_o 2; readout, memory, W1^T g, ReLU
 * derivative, W0mem^T g, the memory gradients, and the layer weight gradients dW1, dW0[:, memory])
 * for L sequences (8, or 4 with -Dlanes=4): one at a time as Bptt does (train10: float stores read as float64, units with a zero
 * gradient skipped, weight gradients a window of 8 steps at a time), against the L sequences in the
 * lanes of one DoubleVector (lockstep, every unit, weight gradients every step). Checks that
 * both give the same bits, then alternates timed rounds. Run:
 * java --add-modules jdk.incubator.vector [-Dlanes=4] benchmarks/lockstep/LockstepBackward.java [rounds]
 */
public final class LockstepBackward {
    /** Sequences per vector: 8 (512-bit, a worker's 8 one-sequence parts at 1 thread) or 4 (256-bit, 4 parts per worker at 2 threads): -Dlanes=4. */
    static final int L = Integer.getInteger("lanes", 8);
    static final VectorSpecies<Double> S = L == 4 ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_512;
    static final int T = 500, DM = 20, H = 40, DO = 2, WINDOW = 8;

    // Inputs per sequence s: scalar layout [s][t*n + u] (float, as Bptt stores), lane layout [(t*n + u)*L + s] (double).
    static float[][] memory = new float[L][], memPrev = new float[L][], dm = new float[L][], th = new float[L][],
        act = new float[L][], pre = new float[L][];
    static double[][] gy = new double[L][];
    static float[] wy = new float[DO * DM], kappaM = new float[DM], gain = new float[DM];
    static double[][] w1Rows = new double[DM][H], w0MemRows = new double[H][DM]; // [out][in]
    static double[] lKm, lMemory, lMemPrev, lDm, lTh, lAct, lDer, lGy;
    static double[] lW1 = new double[DM * H], lW0 = new double[H * DM];

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Random r = new Random(1);
        for (int s = 0; s < L; s++) {
            memory[s] = rnd(r, T * DM); memPrev[s] = rnd(r, T * DM); dm[s] = rnd(r, T * DM); th[s] = rnd(r, T * DM);
            act[s] = new float[T * H]; pre[s] = rnd(r, T * H);
            for (int i = 0; i < T * H; i++) act[s][i] = Math.max(0f, pre[s][i]);
            gy[s] = new double[T * DO];
            for (int i = 0; i < T * DO; i++) gy[s][i] = r.nextGaussian() * 1e-3;
        }
        float[] a = rnd(r, DO * DM); System.arraycopy(a, 0, wy, 0, a.length);
        for (int q = 0; q < DM; q++) { kappaM[q] = 0.9f + 0.1f * r.nextFloat(); gain[q] = r.nextFloat(); }
        for (int i = 0; i < DM; i++) for (int j = 0; j < H; j++) { w1Rows[i][j] = (float) (r.nextGaussian() * 0.2); lW1[i * H + j] = w1Rows[i][j]; }
        for (int i = 0; i < H; i++) for (int q = 0; q < DM; q++) { w0MemRows[i][q] = (float) (r.nextGaussian() * 0.2); lW0[i * DM + q] = w0MemRows[i][q]; }
        lMemory = lanes(memory, DM); lMemPrev = lanes(memPrev, DM); lDm = lanes(dm, DM); lTh = lanes(th, DM);
        lAct = lanes(act, H);
        float[][] km = new float[L][T * DM];
        for (int s = 0; s < L; s++) for (int i = 0; i < T * DM; i++) km[s][i] = kappaM[i % DM] * memPrev[s][i];
        lKm = lanes(km, DM);
        float[][] der = new float[L][T * H];
        for (int s = 0; s < L; s++) for (int i = 0; i < T * H; i++) der[s][i] = pre[s][i] > 0 ? 1f : 0f;
        lDer = lanes(der, H);
        lGy = new double[T * DO * L];
        for (int s = 0; s < L; s++) for (int i = 0; i < T * DO; i++) lGy[i * L + s] = gy[s][i];

        Scalar sc = new Scalar();
        Lanes ln = new Lanes();
        sc.run(); ln.run();
        // Same bits: every gradient of every sequence.
        for (int s = 0; s < L; s++) {
            check(sc.dKappa[s], ln.dKappa, DM, s, "dKappa"); check(sc.dGain[s], ln.dGain, DM, s, "dGain");
            check(sc.readoutW[s], ln.readoutW, DO * DM, s, "readoutW");
            check(sc.bias1[s], ln.bias1, DM, s, "bias1"); check(sc.bias0[s], ln.bias0, H, s, "bias0");
            check(flat(sc.dw1[s]), ln.dw1, DM * H, s, "dW1"); check(flat(sc.dw0[s]), ln.dw0, H * DM, s, "dW0mem");
            check(sc.gTile[s], ln.gTile, T * H, s, "g0");
        }
        System.out.println("bit-identical: every gradient of the " + L + " sequences");
        for (int round = 0; round < rounds; round++) {
            System.out.printf("round %d: one sequence at a time %.1f ns/step (L sequences), lockstep %.1f ns/step%n",
                round, time(sc::run), time(ln::run));
        }
    }

    static double time(Runnable body) {
        int reps = 400;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) body.run();
        return (System.nanoTime() - t0) / (double) reps / T;
    }

    static float[] rnd(Random r, int n) { float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian(); return v; }
    static double[] lanes(float[][] x, int n) { double[] v = new double[T * n * L]; for (int s = 0; s < L; s++) for (int i = 0; i < T * n; i++) v[i * L + s] = x[s][i]; return v; }
    static double[] flat(double[][] x) { int n = x[0].length; double[] v = new double[x.length * n]; for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, v, i * n, n); return v; }
    static void check(double[] one, double[] lane, int n, int s, String what) {
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(one[i]) != Double.doubleToRawLongBits(lane[i * L + s])) {
                throw new AssertionError(what + "[" + i + "] of sequence " + s + ": " + one[i] + " vs " + lane[i * L + s]);
            }
        }
    }
    /** Activation.RELU.derivative: 1 for z > 0, else 0, from the bits without a branch. */
    static double reluDerivative(float z) { int bits = Float.floatToRawIntBits(z); return ((-bits) >>> 31) & ((bits - 0x7f800001) >>> 31); }
    static double derivativeFromTanh(double th) { return (double) 0.6666667f * 1.7159f * (1.0 - th * th); }

    /** Today's form, one sequence after another (Bptt.backward's recurrent part). */
    static final class Scalar {
        double[][] dKappa = new double[L][DM], dGain = new double[L][DM], readoutW = new double[L][DO * DM], bias1 = new double[L][DM], bias0 = new double[L][H];
        double[][][] dw1 = new double[L][DM][H], dw0 = new double[L][H][DM];
        double[][] gTile = new double[L][T * H];
        double[] gm = new double[DM], gmPrev = new double[DM], gz = new double[H], ga = new double[H], gxSum = new double[DM], gNonZero = new double[H];
        int[] units = new int[H];
        double[][] g1Window = new double[WINDOW][DM], g0Window = new double[WINDOW][H], a1Window = new double[WINDOW][H], kmWindow = new double[WINDOW][DM];
        double[] readoutBias = new double[DO];

        void run() {
            for (int s = 0; s < L; s++) {
                zero(dKappa[s]); zero(dGain[s]); zero(readoutW[s]); zero(bias1[s]); zero(bias0[s]);
                for (double[] x : dw1[s]) zero(x);
                for (double[] x : dw0[s]) zero(x);
                one(s);
            }
        }
        static void zero(double[] x) { java.util.Arrays.fill(x, 0.0); }

        void one(int s) {
            float[] mem = memory[s], mp = memPrev[s], dms = dm[s], ths = th[s], as = act[s], ps = pre[s];
            double[] gys = gy[s], dK = dKappa[s], dG = dGain[s], rw = readoutW[s], tile = gTile[s];
            zero(gm);
            int window = 0;
            for (int t = T - 1; t >= 0; t--) {
                int mt = t * DM;
                for (int o = 0; o < DO; o++) {
                    double g = gys[t * DO + o];
                    if (g == 0) continue;
                    readoutBias[o] += g;
                    for (int q = 0; q < DM; q++) { rw[o * DM + q] += g * mem[mt + q]; gm[q] += g * wy[o * DM + q]; }
                }
                for (int q = 0; q < DM; q++) {
                    double g = gm[q];
                    dK[q] += g * mp[mt + q]; dG[q] += g * dms[mt + q]; gmPrev[q] = g * kappaM[q]; gz[q] = g * gain[q] * derivativeFromTanh(ths[mt + q]);
                }
                double[] aRow = a1Window[window];
                for (int j = 0; j < H; j++) aRow[j] = as[t * H + j];
                System.arraycopy(gz, 0, g1Window[window], 0, DM);
                java.util.Arrays.fill(ga, 0, H, 0.0);
                int nz = selectNonZero(gz, DM, bias1[s], gNonZero, units);
                add1(ga, gNonZero, w1Rows, units, nz, H);
                for (int j = 0; j < H; j++) gz[j] = ga[j] * reluDerivative(ps[t * H + j]);
                double[] km = kmWindow[window];
                for (int q = 0; q < DM; q++) km[q] = kappaM[q] * mp[mt + q];
                System.arraycopy(gz, 0, g0Window[window], 0, H);
                java.util.Arrays.fill(gxSum, 0.0);
                System.arraycopy(gz, 0, tile, t * H, H);
                nz = selectNonZero(gz, H, bias0[s], gNonZero, units);
                add1(gxSum, gNonZero, w0MemRows, units, nz, DM);
                if (++window == WINDOW) { windowGradients(s, window); window = 0; }
                for (int q = 0; q < DM; q++) { gmPrev[q] += gxSum[q] * kappaM[q]; dK[q] += gxSum[q] * mp[mt + q]; }
                double[] sw = gm; gm = gmPrev; gmPrev = sw;
            }
            windowGradients(s, window);
        }

        final double[][] coef = new double[4][WINDOW];
        final double[][] outs = new double[4][];

        void windowGradients(int s, int count) {
            window(g1Window, dw1[s], a1Window, DM, H, count);
            window(g0Window, dw0[s], kmWindow, H, DM, count);
        }

        void window(double[][] g, double[][] dw, double[][] a, int nOut, int n, int count) {
            int m = 0;
            for (int i = 0; i < nOut; i++) {
                boolean any = false;
                double[] gi = coef[m];
                for (int w = 0; w < count; w++) { double v = g[w][i]; gi[w] = v; any |= v != 0; }
                if (any) outs[m++] = dw[i];
                if (m == 4 || (i == nOut - 1 && m > 0)) {
                    int o = 0;
                    for (; o + 2 <= m; o += 2) add2(outs[o], outs[o + 1], coef[o], coef[o + 1], a, count, n);
                    if (o < m) add1(outs[o], coef[o], a, null, count, n);
                    m = 0;
                }
            }
        }

        static int selectNonZero(double[] g, int n, double[] bias, double[] gNonZero, int[] units) {
            int count = 0;
            for (int i = 0; i < n; i++) { double v = g[i]; bias[i] += v; gNonZero[count] = v; units[count] = i; count += v != 0 ? 1 : 0; }
            return count;
        }

        static void add1(double[] out, double[] w, double[][] x, int[] rows, int count, int n) {
            int r = 0;
            for (; r + 4 <= count; r += 4) {
                double a0 = w[r], a1 = w[r + 1], a2 = w[r + 2], a3 = w[r + 3];
                double[] x0 = x[rows == null ? r : rows[r]], x1 = x[rows == null ? r + 1 : rows[r + 1]], x2 = x[rows == null ? r + 2 : rows[r + 2]], x3 = x[rows == null ? r + 3 : rows[r + 3]];
                for (int t = 0; t < n; t++) out[t] = out[t] + a0 * x0[t] + a1 * x1[t] + a2 * x2[t] + a3 * x3[t];
            }
            for (; r < count; r++) { double a0 = w[r]; double[] x0 = x[rows == null ? r : rows[r]]; for (int t = 0; t < n; t++) out[t] += a0 * x0[t]; }
        }

        static void add2(double[] out0, double[] out1, double[] w0, double[] w1, double[][] x, int count, int n) {
            int r = 0;
            for (; r + 4 <= count; r += 4) {
                double a0 = w0[r], a1 = w0[r + 1], a2 = w0[r + 2], a3 = w0[r + 3], b0 = w1[r], b1 = w1[r + 1], b2 = w1[r + 2], b3 = w1[r + 3];
                double[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3];
                for (int t = 0; t < n; t++) {
                    double v0 = x0[t], v1 = x1[t], v2 = x2[t], v3 = x3[t];
                    out0[t] = out0[t] + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
                    out1[t] = out1[t] + b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
                }
            }
            for (; r < count; r++) { double a0 = w0[r], b0 = w1[r]; double[] x0 = x[r]; for (int t = 0; t < n; t++) { out0[t] += a0 * x0[t]; out1[t] += b0 * x0[t]; } }
        }
    }

    /** 8 sequences in the lanes: [unit * 8 + lane]; what the backward reads stored as float64 in lane layout. */
    static final class Lanes {
        double[] dKappa = new double[DM * L], dGain = new double[DM * L], readoutW = new double[DO * DM * L], bias1 = new double[DM * L], bias0 = new double[H * L];
        double[] dw1 = new double[DM * H * L], dw0 = new double[H * DM * L], gTile = new double[T * H * L];
        double[] gm = new double[DM * L], gmPrev = new double[DM * L], gz = new double[H * L], ga = new double[H * L], gxSum = new double[DM * L];
        double[] readoutBias = new double[DO * L];
        final double[] gainDer = new double[DM];

        void run() {
            java.util.Arrays.fill(dKappa, 0); java.util.Arrays.fill(dGain, 0); java.util.Arrays.fill(readoutW, 0);
            java.util.Arrays.fill(bias1, 0); java.util.Arrays.fill(bias0, 0); java.util.Arrays.fill(dw1, 0); java.util.Arrays.fill(dw0, 0);
            java.util.Arrays.fill(gm, 0);
            double[] gm = this.gm, gmPrev = this.gmPrev, gz = this.gz, ga = this.ga, gxSum = this.gxSum;
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            for (int t = T - 1; t >= 0; t--) {
                int mt = t * DM * L;
                for (int o = 0; o < DO; o++) {
                    DoubleVector g = DoubleVector.fromArray(S, lGy, (t * DO + o) * L);
                    DoubleVector.fromArray(S, readoutBias, o * L).add(g).intoArray(readoutBias, o * L);
                    for (int q = 0; q < DM; q++) {
                        int rq = (o * DM + q) * L;
                        DoubleVector.fromArray(S, readoutW, rq).add(g.mul(DoubleVector.fromArray(S, lMemory, mt + q * L))).intoArray(readoutW, rq);
                        DoubleVector.fromArray(S, gm, q * L).add(g.mul(wy[o * DM + q])).intoArray(gm, q * L);
                    }
                }
                for (int q = 0; q < DM; q++) {
                    int i = q * L;
                    DoubleVector g = DoubleVector.fromArray(S, gm, i);
                    DoubleVector.fromArray(S, dKappa, i).add(g.mul(DoubleVector.fromArray(S, lMemPrev, mt + i))).intoArray(dKappa, i);
                    DoubleVector.fromArray(S, dGain, i).add(g.mul(DoubleVector.fromArray(S, lDm, mt + i))).intoArray(dGain, i);
                    g.mul(kappaM[q]).intoArray(gmPrev, i);
                    DoubleVector thq = DoubleVector.fromArray(S, lTh, mt + i);
                    DoubleVector der = one.sub(thq.mul(thq)).mul((double) 0.6666667f * 1.7159f);
                    g.mul(gain[q]).mul(der).intoArray(gz, i);
                }
                // Layer 1: ga = W1^T gz over every unit; bias; dW1 += gz a^T (a the layer's input).
                int at = t * H * L;
                transposedProduct(gz, DM, lW1, H, ga);
                for (int j = 0; j < H; j++) {
                    DoubleVector.fromArray(S, ga, j * L).mul(DoubleVector.fromArray(S, lDer, at + j * L)).intoArray(ga, j * L);
                }
                for (int i = 0; i < DM; i++) {
                    DoubleVector g = DoubleVector.fromArray(S, gz, i * L);
                    DoubleVector.fromArray(S, bias1, i * L).add(g).intoArray(bias1, i * L);
                    for (int j = 0; j < H; j++) {
                        int d = (i * H + j) * L;
                        DoubleVector.fromArray(S, dw1, d).add(g.mul(DoubleVector.fromArray(S, lAct, at + j * L))).intoArray(dw1, d);
                    }
                }
                System.arraycopy(ga, 0, gTile, t * H * L, H * L);
                // Layer 0's memory part: gx = W0mem^T g; dW0mem += g (kappa m_prev)^T.
                transposedProduct(ga, H, lW0, DM, gxSum);
                for (int i = 0; i < H; i++) {
                    DoubleVector g = DoubleVector.fromArray(S, ga, i * L);
                    DoubleVector.fromArray(S, bias0, i * L).add(g).intoArray(bias0, i * L);
                    for (int q = 0; q < DM; q++) {
                        int d = (i * DM + q) * L;
                        DoubleVector km = DoubleVector.fromArray(S, lKm, mt + q * L);
                        DoubleVector.fromArray(S, dw0, d).add(g.mul(km)).intoArray(dw0, d);
                    }
                }
                for (int q = 0; q < DM; q++) {
                    int i = q * L;
                    DoubleVector x = DoubleVector.fromArray(S, gxSum, i);
                    DoubleVector.fromArray(S, gmPrev, i).add(x.mul(kappaM[q])).intoArray(gmPrev, i);
                    DoubleVector.fromArray(S, dKappa, i).add(x.mul(DoubleVector.fromArray(S, lMemPrev, mt + i))).intoArray(dKappa, i);
                }
                double[] sw = gm; gm = gmPrev; gmPrev = sw;
            }
        }

        /** out[j] = sum over i < nIn (ascending) of g[i] * w[i * nOut + j], per lane, four outputs per pass (independent chains). */
        static void transposedProduct(double[] g, int nIn, double[] w, int nOut, double[] out) {
            for (int j = 0; j < nOut; j += 4) {
                DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
                for (int i = 0; i < nIn; i++) {
                    DoubleVector gi = DoubleVector.fromArray(S, g, i * L);
                    int k = i * nOut + j;
                    c0 = c0.add(gi.mul(w[k])); c1 = c1.add(gi.mul(w[k + 1])); c2 = c2.add(gi.mul(w[k + 2])); c3 = c3.add(gi.mul(w[k + 3]));
                }
                c0.intoArray(out, j * L); c1.intoArray(out, (j + 1) * L); c2.intoArray(out, (j + 2) * L); c3.intoArray(out, (j + 3) * L);
            }
        }
    }
}
