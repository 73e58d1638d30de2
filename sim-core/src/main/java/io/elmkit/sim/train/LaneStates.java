package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.MlpShape;

/**
 * What one step of the lockstep backward ({@link LockstepKernel#step}) reads and accumulates, for
 * {@link #width} sequences side by side: every array holds unit u of lane s at {@code u * width + s}
 * (layer weights: row-major (out, in) as float64, shared by the lanes). Inputs are written per step by
 * {@link Bptt#gatherStep}; sums start at +0 (or at the part's sums so far, see {@link LockstepBackward})
 * and lanes no sequence uses stay 0. The math of a step is Bptt.backward's recurrent part, spelled out
 * on {@link LockstepKernel#step}.
 */
public final class LaneStates {
    /** Sequences side by side (the kernel's vector length). */
    public final int width;
    /** d_m, d_o, MLP layers; layer l maps in[l] inputs to out[l] units (layer 0: [b_t, kappa_m m_{t-1}]). */
    public final int dM, dO, layers;
    public final int[] in, out;
    /** Readout weights (d_o, d_m), kappa_m, memory gain (model values, float32). */
    public final float[] readoutWeight, kappaM, gain;
    /** Layer weights [l][i * in[l] + j] for l &gt;= 1; layer 0: its memory inputs only, [i * d_m + q]. */
    public final double[][] weight;

    // Inputs of the step: one of BLOCK slots (use), which Bptt.gatherStep fills a block of steps
    // at a time, one sequence after another: reading each sequence's stored rows in runs of steps
    // rather than 8 sequences' rows per step (a cache miss per sequence and step).
    /** dL/dy_t [o]. */
    public double[] gy;
    /**
     * The step's memory rows [q]: m_t, m_{t-1}, the memory update dm_t = 1.7159 tanh(2/3 z), its
     * derivative d dm_t / d z from the stored tanh (ScaledTanh.derivativeFromTanh), and layer 0's
     * memory input kappa_m m_{t-1} (the forward's float32 product).
     */
    public double[] memory, memPrev, dm, tanhDerivative, kmPrev;
    /** Layer l &gt;= 1: its inputs (layer l-1's activations) and their activation derivatives [j &lt; in[l]]. */
    public final double[][] act, actDerivative;
    /** Steps gathered at a time (divides TimeTiles.STEPS). */
    static final int BLOCK = 16;
    /** The slots' inputs, [slot] then laid out as the fields of the same name. */
    final double[][] gyAt, memoryAt, memPrevAt, dmAt, tanhDerivativeAt, kmPrevAt;
    final double[][][] actAt, actDerivativeAt;

    // Running state and sums.
    /** dL/dm_t on entry of a step; dL/dm_{t-1} is built in gmPrev, then the two are swapped. */
    public double[] gm, gmPrev;
    /** A layer's gradient; after a step, layer 0's g_t [i &lt; out[0]]. */
    public final double[] gz;
    /** Scratch: W^T g of a layer, and of layer 0's memory part. */
    public final double[] ga, gx;
    /** The sequence's sums for kappa_m (from the memory update and layer 0's memory input) and the gain [q]. */
    public final double[] dKappa, dGain;
    /** The part's running sums of the readout's bias [o] and weights [o * d_m + q]. */
    public final double[] readoutBias, readoutWeightGradient;
    /** The part's running sums of the layers' biases [l][i]. */
    public final double[][] bias;
    /** The sequence's layer weight-gradient sums, laid out as {@link #weight}. */
    public final double[][] weightGradient;
    /**
     * Kernel scratch: the last steps' layer gradients [l][w][i &lt; out[l]] and layer inputs
     * [l][w][j] (layer 0: kappa_m m_{t-1}), so that the weight gradients can be added a window of
     * steps at a time (the terms of each sum in the same order); {@link #windowSteps} are in use.
     */
    public final double[][][] gWindow, aWindow;
    public int windowSteps;
    /** Steps a window holds. */
    public static final int WINDOW = 8;

    LaneStates(ElmModel model, int width) {
        this.width = width;
        MlpShape shape = new MlpShape(model);
        dM = model.numMemory();
        dO = model.numOutput();
        layers = shape.layers;
        in = shape.in;
        out = shape.out;
        readoutWeight = model.readoutWeight();
        kappaM = model.kappaM();
        gain = model.memoryGain();
        weight = new double[layers][];
        float[] w0 = model.mlpWeight(0);
        weight[0] = new double[out[0] * dM];
        for (int i = 0; i < out[0]; i++) {
            for (int q = 0; q < dM; q++) {
                weight[0][i * dM + q] = w0[i * in[0] + in[0] - dM + q];
            }
        }
        for (int l = 1; l < layers; l++) {
            float[] w = model.mlpWeight(l);
            weight[l] = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                weight[l][i] = w[i];
            }
        }
        gyAt = slots(dO);
        memoryAt = slots(dM);
        memPrevAt = slots(dM);
        dmAt = slots(dM);
        tanhDerivativeAt = slots(dM);
        kmPrevAt = slots(dM);
        actAt = new double[BLOCK][layers][];
        actDerivativeAt = new double[BLOCK][layers][];
        for (int slot = 0; slot < BLOCK; slot++) {
            for (int l = 0; l < layers; l++) {
                actAt[slot][l] = lanes(l == 0 ? 0 : in[l]);
                actDerivativeAt[slot][l] = lanes(l == 0 ? 0 : in[l]);
            }
        }
        act = new double[layers][];
        actDerivative = new double[layers][];
        bias = new double[layers][];
        weightGradient = new double[layers][];
        for (int l = 0; l < layers; l++) {
            bias[l] = lanes(out[l]);
            weightGradient[l] = lanes(weight[l].length);
        }
        gWindow = new double[layers][WINDOW][];
        aWindow = new double[layers][WINDOW][];
        for (int l = 0; l < layers; l++) {
            for (int w = 0; w < WINDOW; w++) {
                gWindow[l][w] = lanes(out[l]);
                aWindow[l][w] = lanes(l == 0 ? dM : in[l]);
            }
        }
        gm = lanes(dM);
        gmPrev = lanes(dM);
        gz = lanes(shape.widest);
        ga = lanes(shape.widest);
        gx = lanes(dM);
        dKappa = lanes(dM);
        dGain = lanes(dM);
        readoutBias = lanes(dO);
        readoutWeightGradient = lanes(dO * dM);
        use(0);
    }

    private double[][] slots(int units) {
        double[][] slots = new double[BLOCK][];
        for (int slot = 0; slot < BLOCK; slot++) {
            slots[slot] = lanes(units);
        }
        return slots;
    }

    /** Points the step's inputs at slot {@code slot}. */
    void use(int slot) {
        gy = gyAt[slot];
        memory = memoryAt[slot];
        memPrev = memPrevAt[slot];
        dm = dmAt[slot];
        tanhDerivative = tanhDerivativeAt[slot];
        kmPrev = kmPrevAt[slot];
        for (int l = 1; l < layers; l++) {
            act[l] = actAt[slot][l];
            actDerivative[l] = actDerivativeAt[slot][l];
        }
    }

    private double[] lanes(int units) {
        return new double[units * width];
    }

    /** Swaps gm and gmPrev at the end of a step (dL/dm_{t-1} becomes the next step's dL/dm). */
    public void swapMemoryGradients() {
        double[] swap = gm;
        gm = gmPrev;
        gmPrev = swap;
    }
}
