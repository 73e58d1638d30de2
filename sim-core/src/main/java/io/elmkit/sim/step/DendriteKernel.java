package io.elmkit.sim.step;

import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmModel;

/**
 * The part of a step shared by every stepper, one neuron at a time: MLP([b, kappa_m * m]), the
 * scaled tanh, the memory update and the readout, in float32 like the reference, built from the
 * {@link Layers} pieces. Steps memory rows that its {@link MemoryKernel} owns.
 *
 * <p>Each layer is a sequence of axpy loops over its outputs, one per input, skipping zero inputs
 * (silent branches, ReLU zeros). Weights are stored as one array per input column so that the axpy
 * reads and writes at the same index: with two offsets into possibly-aliased arrays C2 cannot
 * prove independence and does not vectorise (measured: 3x slower at 40 outputs).
 */
final class DendriteKernel {
    private final int numBranch;
    private final int numMemory;
    private final int numOutput;
    private final MlpShape shape;
    /** columns[l][j] = weights from input j to every output of layer l. */
    private final float[][][] columns;
    private final float[][] bias;
    private final Activation activation;
    private final float[] kappaM;
    private final float[] memoryGain;
    private final float[][] readoutColumns;
    private final float[] readoutBias;
    private final float[] bufferA;
    private final float[] bufferB;
    private final float[] outputBuffer;
    private final ScaledTanh.Scratch tanhScratch;

    /** @param memory the memory rows it steps, [neuron][unit] (only their size is read here) */
    DendriteKernel(ElmModel model, float[][] memory) {
        numBranch = model.numBranch();
        numMemory = model.numMemory();
        numOutput = model.numOutput();
        shape = new MlpShape(model);
        columns = new float[shape.layers][][];
        bias = new float[shape.layers][];
        for (int l = 0; l < shape.layers; l++) {
            columns[l] = Layers.columns(model.mlpWeight(l), shape.out[l], shape.in[l]);
            bias[l] = model.mlpBias(l);
        }
        activation = model.config().activation();
        kappaM = model.kappaM();
        memoryGain = model.memoryGain();
        readoutColumns = Layers.columns(model.readoutWeight(), numOutput, numMemory);
        readoutBias = model.readoutBias();
        bufferA = new float[shape.widest];
        bufferB = new float[shape.widest];
        outputBuffer = new float[numOutput];
        tanhScratch = new ScaledTanh.Scratch(numMemory);
    }

    /**
     * Advances one neuron's memory {@code m} (num_memory values) and writes its output.
     *
     * @param branchPart z_b = W1[:, branches] b_t for this neuron (h values, see {@link FirstLayer})
     */
    void step(float[] m, double[] branchPart, float[] output, int outputOffset) {
        final int layers = shape.layers;
        final int h0 = shape.out[0];
        float[] in = bufferA;
        float[] out = bufferB;
        // Layer 0: bias + branch part (rounded once to float), then the memory inputs kappa_m * m.
        float[] b0 = bias[0];
        for (int i = 0; i < h0; i++) {
            out[i] = Layers.biasPlusBranchPart(b0[i], branchPart[i]);
        }
        float[][] cols0 = columns[0];
        for (int k = 0; k < numMemory; k++) {
            float x = kappaM[k] * m[k];
            if (x != 0f) {
                Layers.axpy(out, cols0[numBranch + k], x, h0);
            }
        }
        if (layers > 1) {
            activation.applyInPlace(out, h0);
        }
        float[] swap0 = in;
        in = out;
        out = swap0;
        for (int l = 1; l < layers; l++) {
            int nOut = shape.out[l];
            Layers.dense(columns[l], bias[l], in, shape.in[l], out, nOut, true);
            if (l < layers - 1) {
                activation.applyInPlace(out, nOut);
            }
            float[] swap = in;
            in = out;
            out = swap;
        }
        // in now holds the MLP output (numMemory values).
        ScaledTanh.valueRow(in, numMemory, tanhScratch);
        for (int i = 0; i < numMemory; i++) {
            m[i] = Layers.nextMemory(kappaM[i], m[i], memoryGain[i], in[i]);
        }
        float[] y = outputBuffer;
        Layers.dense(readoutColumns, readoutBias, m, numMemory, y, numOutput, false);
        System.arraycopy(y, 0, output, outputOffset, numOutput);
    }
}
