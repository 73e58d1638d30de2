package io.elmkit.sim.step;

import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * {@link DendriteKernel} for many neurons at once, with the batch as the contiguous axis: branch
 * activations [branch][neuron], memory [unit][neuron], each row its own array, so every MLP layer is
 * a small GEMM whose inner loop is an axpy over neurons at one index, which C2 vectorises. Each
 * element is accumulated in the same order as in DendriteKernel (bias, then non-zero inputs in
 * order), so results are bit-identical to stepping the neurons one by one. Owns the memory state.
 */
final class BatchKernel {
    /** Neurons 0..active-1 are stepped; the rest (free slots) are skipped. */
    private int active;
    private final int numBranch;
    private final int numMemory;
    private final int numOutput;
    private final int layers;
    private final int[] layerIn;
    private final int[] layerOut;
    private final float[][] weight;
    private final float[][] bias;
    private final Activation activation;
    private final float[] kappaM;
    private final float[] memoryGain;
    private final float[] readout;
    private final float[] readoutBias;
    private final float[][] rowsA;
    private final float[][] rowsB;
    /** [unit][neuron], owned by the {@link MemoryKernel}. */
    private final float[][] memory;
    private final float[][] outputRows;
    /** About this many values per scaled-tanh pass ({@link #updateMemory}). */
    static final int TANH_VALUES = 1024;
    /** Memory units per scaled-tanh pass, and their rows side by side. */
    private final int tanhUnits;
    private final float[] tanhFlat;
    private final ScaledTanh.Scratch tanhScratch;
    /** h0 values of -0.0, see {@link #sumOrNothing}. */
    private final double[] negativeZeros;
    /** The MLP layers' and the readout's multiply-adds over the batch (plain Java unless switched). */
    private final LaneKernels kernels;

    BatchKernel(ElmModel model, float[][] memory, int batch) {
        this.active = batch;
        this.memory = memory;
        numBranch = model.numBranch();
        numMemory = model.numMemory();
        numOutput = model.numOutput();
        MlpShape shape = new MlpShape(model);
        layers = shape.layers;
        layerIn = shape.in;
        layerOut = shape.out;
        weight = new float[layers][];
        bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weight[l] = model.mlpWeight(l);
            bias[l] = model.mlpBias(l);
        }
        activation = model.config().activation();
        kappaM = model.kappaM();
        memoryGain = model.memoryGain();
        readout = model.readoutWeight();
        readoutBias = model.readoutBias();
        rowsA = new float[shape.widest][batch];
        rowsB = new float[shape.widest][batch];
        outputRows = new float[numOutput][batch];
        // As few passes as keep each near TANH_VALUES, the units spread evenly over them.
        int passes = Math.max(1, (int) (((long) numMemory * batch + TANH_VALUES - 1) / TANH_VALUES));
        tanhUnits = Math.max(1, (numMemory + passes - 1) / passes);
        tanhFlat = new float[tanhUnits * batch];
        tanhScratch = new ScaledTanh.Scratch(tanhFlat.length);
        negativeZeros = new double[layerOut[0]];
        Arrays.fill(negativeZeros, -0.0);
        kernels = LaneKernels.selected();
    }

    /**
     * The kernels' accumulation of a layer's rows over the active neurons, then, for a hidden layer
     * ({@code activate}), its activation: the ReLU folded into the kernels' pass
     * ({@link LaneKernels#accumulateRelu}), any other activation a pass over the rows after.
     */
    private void accumulateLayer(float[][] z, int rows, float[] w, int wOffset, int wStride, float[][] x, int count,
                                 boolean activate) {
        if (activate && activation == Activation.RELU) {
            kernels.accumulateRelu(z, rows, w, wOffset, wStride, x, count, active);
            return;
        }
        kernels.accumulate(z, rows, w, wOffset, wStride, x, count, active);
        for (int i = 0; activate && i < rows; i++) {
            activation.applyInPlace(z[i], active);
        }
    }

    /** Steps only neurons 0..count-1 from now on (the others keep their state and outputs). */
    void setActive(int count) {
        active = count;
    }

    /**
     * One step of every neuron; outputs of neuron b go to offset + b * stride.
     *
     * @param branchPart per neuron, z_b = W1[:, branches] b_t (h values, see {@link FirstLayer})
     *
     * <p>The batched twin of {@link DendriteKernel#step} ({@link Layers}' pieces with the batch as
     * the inner axis), written out rather than built from those static pieces and a shared layer
     * method: that form measured 0.6x the throughput (JMH ForwardStep, 64 neurons, event), so the
     * faster form stays. It adds the same terms in the same order.
     */
    void step(double[][] branchPart, float[] output, int outputOffset, int outputStride) {
        layer0Start(branchPart);
        stepFromLayer0Start(output, outputOffset, outputStride);
    }

    /** Neurons per pass of {@link #layer0Start}: its stores to a unit's row are this many adjacent floats. */
    private static final int START_NEURONS = 8;

    /**
     * Layer 0's start rows (rowsB, one per unit, the neurons side by side) from each neuron's branch
     * part (a row per neuron): bias plus branch part, rounded once to float. A transposition, so every
     * value is a strided store; eight neurons per pass make the stores to a row eight adjacent floats
     * and share the row's load, its bounds check and the bias (engine 10,000 neurons on an AMD Zen 3:
     * 1.2x the whole step against four neurons per pass; the double-to-float rounding keeps the pass
     * scalar on JDK 17).
     */
    private void layer0Start(double[][] branchPart) {
        float[][] start = rowsB;
        float[] b0 = bias[0];
        final int h0 = layerOut[0];
        int b = 0;
        for (; b + START_NEURONS <= active; b += START_NEURONS) {
            double[] p0 = branchPart[b];
            double[] p1 = branchPart[b + 1];
            double[] p2 = branchPart[b + 2];
            double[] p3 = branchPart[b + 3];
            double[] p4 = branchPart[b + 4];
            double[] p5 = branchPart[b + 5];
            double[] p6 = branchPart[b + 6];
            double[] p7 = branchPart[b + 7];
            for (int i = 0; i < h0; i++) {
                float bi = b0[i];
                float[] row = start[i];
                row[b] = Layers.biasPlusBranchPart(bi, p0[i]);
                row[b + 1] = Layers.biasPlusBranchPart(bi, p1[i]);
                row[b + 2] = Layers.biasPlusBranchPart(bi, p2[i]);
                row[b + 3] = Layers.biasPlusBranchPart(bi, p3[i]);
                row[b + 4] = Layers.biasPlusBranchPart(bi, p4[i]);
                row[b + 5] = Layers.biasPlusBranchPart(bi, p5[i]);
                row[b + 6] = Layers.biasPlusBranchPart(bi, p6[i]);
                row[b + 7] = Layers.biasPlusBranchPart(bi, p7[i]);
            }
        }
        for (; b < active; b++) {
            double[] part = branchPart[b];
            for (int i = 0; i < h0; i++) {
                start[i][b] = Layers.biasPlusBranchPart(b0[i], part[i]);
            }
        }
    }

    /**
     * {@link #step} after first advancing each neuron's branch part, z_b = kappa z_b + sums[b] (only
     * the decay where sums[b] is null, {@link Synapses#decayAndAdd}). The advance is its own pass, one
     * neuron's row at a time, which C2 vectorises; fused into {@link #layer0Start}'s scalar
     * transposition as it was (four neurons per pass), the two measured 0.8x of the separate passes
     * (engine 10,000 neurons, AMD Zen 3).
     */
    void step(double[][] branchPart, double kappa, double[][] sums, float[] output, int outputOffset, int outputStride) {
        final int h0 = layerOut[0];
        for (int b = 0; b < active; b++) {
            Synapses.decayAndAdd(branchPart[b], kappa, sumOrNothing(sums[b]), h0);
        }
        layer0Start(branchPart);
        stepFromLayer0Start(output, outputOffset, outputStride);
    }

    /**
     * m = kappa_m m + gain * scaledTanh(dm) for every memory unit, dm[unit] the last layer's rows:
     * the scaled tanh over {@link #tanhUnits} units at a time copied into one flat row. Rows of 64
     * neurons left most of the tanh's time in the scalar starts and ends of C2's vector loops
     * (seven passes per row); a row of ~1024 values runs in their vector bodies, and its float64
     * scratch still fits in L1. Element by element the same arithmetic, so the same bits.
     */
    private void updateMemory(float[][] dm, int n) {
        float[] flat = tanhFlat;
        for (int first = 0; first < numMemory; first += tanhUnits) {
            int units = Math.min(tanhUnits, numMemory - first);
            for (int u = 0; u < units; u++) {
                System.arraycopy(dm[first + u], 0, flat, u * n, n);
            }
            ScaledTanh.valueRow(flat, units * n, tanhScratch);
            for (int u = 0; u < units; u++) {
                float k = kappaM[first + u];
                float g = memoryGain[first + u];
                float[] m = memory[first + u];
                int offset = u * n;
                for (int b = 0; b < n; b++) {
                    m[b] = Layers.nextMemory(k, m[b], g, flat[offset + b]);
                }
            }
        }
    }

    /**
     * The input sum to add, or a row of -0.0 for a neuron without one: v + (-0.0) is v bit for bit
     * for every v (+0.0 and -0.0 included), so the decay alone needs no loop of its own.
     */
    private double[] sumOrNothing(double[] u) {
        return u != null ? u : negativeZeros;
    }

    /** The rest of a step, from layer 0's bias plus branch part in rowsB (one row per unit). */
    private void stepFromLayer0Start(float[] output, int outputOffset, int outputStride) {
        final int n = active;
        float[][] in = rowsA;
        float[][] out = rowsB;
        // Layer 0, as DendriteKernel: bias + branch part rounded once, then memory inputs in order.
        float[][] mem = rowsA;
        for (int k = 0; k < numMemory; k++) {
            float kk = kappaM[k];
            float[] src = memory[k];
            float[] dst = mem[k];
            for (int b = 0; b < n; b++) {
                dst[b] = kk * src[b];
            }
        }
        int h0 = layerOut[0];
        int in0 = layerIn[0];
        float[] w0 = weight[0];
        accumulateLayer(out, h0, w0, numBranch, in0, mem, numMemory, layers > 1);
        in = out;
        out = rowsA;
        for (int l = 1; l < layers; l++) {
            int nIn = layerIn[l];
            int nOut = layerOut[l];
            float[] w = weight[l];
            float[] bl = bias[l];
            for (int i = 0; i < nOut; i++) {
                Arrays.fill(out[i], 0, n, bl[i]);
            }
            accumulateLayer(out, nOut, w, 0, nIn, in, nIn, l < layers - 1);
            float[][] swap = in;
            in = out;
            out = swap;
        }
        updateMemory(in, n);
        for (int o = 0; o < numOutput; o++) {
            Arrays.fill(outputRows[o], 0, n, readoutBias[o]);
        }
        kernels.accumulate(outputRows, numOutput, readout, 0, numMemory, memory, numMemory, n);
        for (int b = 0; b < n; b++) {
            int dst = outputOffset + b * outputStride;
            for (int o = 0; o < numOutput; o++) {
                output[dst + o] = outputRows[o][b];
            }
        }
    }
}
