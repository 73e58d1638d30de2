package io.elmkit.sim.vector;

import io.elmkit.sim.train.LaneStates;
import io.elmkit.sim.train.LockstepKernel;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LockstepKernel} on the JDK Vector API: one float64 vector of the preferred width (8 lanes
 * with AVX-512, 4 with AVX2) holds a unit of every lane, so each operation of the backward's
 * recurrent part serves all the lanes' sequences at once. {@code mul} then {@code add}, never
 * {@code fma}, in the order of the interface's comment: each lane's bits are those of Bptt alone.
 * Every unit every step (no skipping of zero gradients, which would be a branch per lane).
 */
public final class VectorLockstepKernel implements LockstepKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    @Override
    public int lanes() {
        return LANES;
    }

    /** The name of the {@code vector} kernels, whose switch turns this one on too. */
    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void step(LaneStates s) {
        if (s.width != LANES) {
            throw new IllegalArgumentException("lane states of width " + s.width + ", this kernel's vectors hold " + LANES);
        }
        readout(s);
        memoryUpdate(s);
        for (int l = s.layers - 1; l >= 1; l--) {
            hiddenLayer(s, l);
        }
        firstLayerMemoryPart(s);
        s.swapMemoryGradients();
        if (++s.windowSteps == LaneStates.WINDOW) {
            finish(s);
        }
    }

    @Override
    public void finish(LaneStates s) {
        for (int l = 0; l < s.layers; l++) {
            addWindow(s.gWindow[l], s.aWindow[l], s.weightGradient[l], s.out[l], l == 0 ? s.dM : s.in[l], s.windowSteps);
        }
        s.windowSteps = 0;
    }

    /** Readout: its bias and weight sums, and dL/dm_t += W_y^T g. */
    private static void readout(LaneStates s) {
        int dM = s.dM;
        double[] gm = s.gm;
        double[] rw = s.readoutWeightGradient;
        for (int o = 0; o < s.dO; o++) {
            DoubleVector g = DoubleVector.fromArray(SPECIES, s.gy, o * LANES);
            addInto(s.readoutBias, o * LANES, g);
            for (int q = 0; q < dM; q++) {
                int at = (o * dM + q) * LANES;
                addInto(rw, at, g.mul(DoubleVector.fromArray(SPECIES, s.memory, q * LANES)));
                addInto(gm, q * LANES, g.mul(s.readoutWeight[o * dM + q]));
            }
        }
    }

    /** m_t = kappa m_{t-1} + gain dm_t: kappa and gain sums, dL/dm_{t-1} through kappa, the last layer's gradient. */
    private static void memoryUpdate(LaneStates s) {
        for (int q = 0, i = 0; q < s.dM; q++, i += LANES) {
            DoubleVector g = DoubleVector.fromArray(SPECIES, s.gm, i);
            addInto(s.dKappa, i, g.mul(DoubleVector.fromArray(SPECIES, s.memPrev, i)));
            addInto(s.dGain, i, g.mul(DoubleVector.fromArray(SPECIES, s.dm, i)));
            g.mul(s.kappaM[q]).intoArray(s.gmPrev, i);
            g.mul(s.gain[q]).mul(DoubleVector.fromArray(SPECIES, s.tanhDerivative, i)).intoArray(s.gz, i);
        }
    }

    /** Layer l &gt;= 1: W^T g into the layer below (times the activation's derivative), bias and weight sums. */
    private static void hiddenLayer(LaneStates s, int l) {
        int nIn = s.in[l];
        int nOut = s.out[l];
        double[] gz = s.gz;
        double[] a = s.act[l];
        transposedProduct(gz, nOut, s.weight[l], nIn, s.ga);
        for (int i = 0; i < nOut; i++) {
            addInto(s.bias[l], i * LANES, DoubleVector.fromArray(SPECIES, gz, i * LANES));
        }
        System.arraycopy(gz, 0, s.gWindow[l][s.windowSteps], 0, nOut * LANES);
        System.arraycopy(a, 0, s.aWindow[l][s.windowSteps], 0, nIn * LANES);
        for (int j = 0; j < nIn; j++) {
            int i = j * LANES;
            DoubleVector.fromArray(SPECIES, s.ga, i).mul(DoubleVector.fromArray(SPECIES, s.actDerivative[l], i)).intoArray(gz, i);
        }
    }

    /** Layer 0's memory input kappa_m m_{t-1}: its bias and weight sums, and dL/dm_{t-1} and kappa's sum through it. */
    private static void firstLayerMemoryPart(LaneStates s) {
        int h = s.out[0];
        int dM = s.dM;
        double[] gz = s.gz;
        transposedProduct(gz, h, s.weight[0], dM, s.gx);
        for (int i = 0; i < h; i++) {
            addInto(s.bias[0], i * LANES, DoubleVector.fromArray(SPECIES, gz, i * LANES));
        }
        System.arraycopy(gz, 0, s.gWindow[0][s.windowSteps], 0, h * LANES);
        System.arraycopy(s.kmPrev, 0, s.aWindow[0][s.windowSteps], 0, dM * LANES);
        for (int q = 0, i = 0; q < dM; q++, i += LANES) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, s.gx, i);
            addInto(s.gmPrev, i, x.mul(s.kappaM[q]));
            addInto(s.dKappa, i, x.mul(DoubleVector.fromArray(SPECIES, s.memPrev, i)));
        }
    }

    /**
     * out[j] = sum over i &lt; nIn, ascending from +0, of g[i] * w[i * nOut + j], per lane: four
     * outputs per pass (four independent chains of adds), then one at a time.
     */
    private static void transposedProduct(double[] g, int nIn, double[] w, int nOut, double[] out) {
        int j = 0;
        for (; j + 4 <= nOut; j += 4) {
            DoubleVector c0 = DoubleVector.zero(SPECIES);
            DoubleVector c1 = c0;
            DoubleVector c2 = c0;
            DoubleVector c3 = c0;
            for (int i = 0; i < nIn; i++) {
                DoubleVector gi = DoubleVector.fromArray(SPECIES, g, i * LANES);
                int k = i * nOut + j;
                c0 = c0.add(gi.mul(w[k]));
                c1 = c1.add(gi.mul(w[k + 1]));
                c2 = c2.add(gi.mul(w[k + 2]));
                c3 = c3.add(gi.mul(w[k + 3]));
            }
            c0.intoArray(out, j * LANES);
            c1.intoArray(out, (j + 1) * LANES);
            c2.intoArray(out, (j + 2) * LANES);
            c3.intoArray(out, (j + 3) * LANES);
        }
        for (; j < nOut; j++) {
            DoubleVector c = DoubleVector.zero(SPECIES);
            for (int i = 0; i < nIn; i++) {
                c = c.add(DoubleVector.fromArray(SPECIES, g, i * LANES).mul(w[i * nOut + j]));
            }
            c.intoArray(out, j * LANES);
        }
    }

    /**
     * dw[i][j] += g[w][i] * a[w][j] for w = 0 .. count-1 in that order (the steps as the backward
     * took them), for i &lt; nOut and j &lt; n. A full window two units at a time, their 16 gradients
     * and the 8 inputs of j in registers: each dw loaded and stored once per window, each input
     * loaded once per two units (a loop over w that loads them again was 15 % slower on the step);
     * the rest one unit and one term at a time.
     */
    private static void addWindow(double[][] g, double[][] a, double[] dw, int nOut, int n, int count) {
        int i = 0;
        for (; count == LaneStates.WINDOW && i + 2 <= nOut; i += 2) {
            int u = i * LANES;
            int v = u + LANES;
            DoubleVector p0 = load(g[0], u), p1 = load(g[1], u), p2 = load(g[2], u), p3 = load(g[3], u);
            DoubleVector p4 = load(g[4], u), p5 = load(g[5], u), p6 = load(g[6], u), p7 = load(g[7], u);
            DoubleVector q0 = load(g[0], v), q1 = load(g[1], v), q2 = load(g[2], v), q3 = load(g[3], v);
            DoubleVector q4 = load(g[4], v), q5 = load(g[5], v), q6 = load(g[6], v), q7 = load(g[7], v);
            for (int j = 0, x = i * n * LANES, y = x + n * LANES, aj = 0; j < n; j++, x += LANES, y += LANES, aj += LANES) {
                DoubleVector a0 = load(a[0], aj), a1 = load(a[1], aj), a2 = load(a[2], aj), a3 = load(a[3], aj);
                DoubleVector a4 = load(a[4], aj), a5 = load(a[5], aj), a6 = load(a[6], aj), a7 = load(a[7], aj);
                load(dw, x).add(p0.mul(a0)).add(p1.mul(a1)).add(p2.mul(a2)).add(p3.mul(a3))
                    .add(p4.mul(a4)).add(p5.mul(a5)).add(p6.mul(a6)).add(p7.mul(a7)).intoArray(dw, x);
                load(dw, y).add(q0.mul(a0)).add(q1.mul(a1)).add(q2.mul(a2)).add(q3.mul(a3))
                    .add(q4.mul(a4)).add(q5.mul(a5)).add(q6.mul(a6)).add(q7.mul(a7)).intoArray(dw, y);
            }
        }
        for (; i < nOut; i++) {
            for (int j = 0, x = i * n * LANES, aj = 0; j < n; j++, x += LANES, aj += LANES) {
                DoubleVector sx = load(dw, x);
                for (int w = 0; w < count; w++) {
                    sx = sx.add(load(g[w], i * LANES).mul(load(a[w], aj)));
                }
                sx.intoArray(dw, x);
            }
        }
    }

    private static DoubleVector load(double[] from, int at) {
        return DoubleVector.fromArray(SPECIES, from, at);
    }

    /** sums[at ..] += v (one rounding). */
    private static void addInto(double[] sums, int at, DoubleVector v) {
        DoubleVector.fromArray(SPECIES, sums, at).add(v).intoArray(sums, at);
    }
}
