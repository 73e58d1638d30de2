package io.elmkit.sim.step;

import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * The part of a step shared by every stepper, one neuron at a time: MLP([b, kappa_m * m]), the
 * scaled tanh, the memory update and the readout, in float32 like the reference. Owns the memory
 * state of its neurons.
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
    private final int layers;
    private final int[] layerIn;
    private final int[] layerOut;
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
    private final float[][] memory;

    DendriteKernel(ElmModel model, int batch) {
        numBranch = model.numBranch();
        numMemory = model.numMemory();
        numOutput = model.numOutput();
        layers = model.mlpLayerCount();
        layerIn = new int[layers];
        layerOut = new int[layers];
        columns = new float[layers][][];
        bias = new float[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            layerIn[l] = model.mlpIn(l);
            layerOut[l] = model.mlpOut(l);
            columns[l] = columns(model.mlpWeight(l), layerOut[l], layerIn[l]);
            bias[l] = model.mlpBias(l);
            widest = Math.max(widest, Math.max(layerIn[l], layerOut[l]));
        }
        activation = model.config().activation();
        kappaM = model.kappaM();
        memoryGain = model.memoryGain();
        readoutColumns = columns(model.readoutWeight(), numOutput, numMemory);
        readoutBias = model.readoutBias();
        bufferA = new float[widest];
        bufferB = new float[widest];
        outputBuffer = new float[numOutput];
        memory = new float[batch][numMemory];
    }

    /** Column j of a row-major (rows, cols) matrix as its own array, for every j. */
    static float[][] columns(float[] rowMajor, int rows, int cols) {
        float[][] c = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[j][r] = rowMajor[r * cols + j];
            }
        }
        return c;
    }

    void reset() {
        for (float[] m : memory) {
            Arrays.fill(m, 0f);
        }
    }

    void resetNeuron(int neuron) {
        Arrays.fill(memory[neuron], 0f);
    }

    int stateLength() {
        return numMemory;
    }

    void saveNeuron(int neuron, double[] dst, int offset) {
        for (int k = 0; k < numMemory; k++) {
            dst[offset + k] = memory[neuron][k];
        }
    }

    void loadNeuron(int neuron, double[] src, int offset) {
        for (int k = 0; k < numMemory; k++) {
            memory[neuron][k] = (float) src[offset + k];
        }
    }

    /**
     * Advances neuron {@code neuron}'s memory and writes its output.
     *
     * @param branchPart z_b = W1[:, branches] b_t for this neuron (h values, see {@link FirstLayer})
     */
    void step(int neuron, double[] branchPart, float[] output, int outputOffset) {
        float[] m = memory[neuron];
        float[] in = bufferA;
        float[] out = bufferB;
        // Layer 0: bias + branch part (rounded once to float), then the memory inputs kappa_m * m.
        float[] b0 = bias[0];
        for (int i = 0; i < layerOut[0]; i++) {
            out[i] = (float) (b0[i] + branchPart[i]);
        }
        float[][] cols0 = columns[0];
        for (int k = 0; k < numMemory; k++) {
            float x = kappaM[k] * m[k];
            if (x != 0f) {
                float[] col = cols0[numBranch + k];
                for (int i = 0; i < layerOut[0]; i++) {
                    out[i] += col[i] * x;
                }
            }
        }
        if (layers > 1) {
            activate(out, layerOut[0]);
        }
        float[] swap0 = in;
        in = out;
        out = swap0;
        for (int l = 1; l < layers; l++) {
            int nIn = layerIn[l];
            int nOut = layerOut[l];
            float[][] cols = columns[l];
            System.arraycopy(bias[l], 0, out, 0, nOut);
            for (int j = 0; j < nIn; j++) {
                float x = in[j];
                if (x != 0f) {
                    float[] col = cols[j];
                    for (int i = 0; i < nOut; i++) {
                        out[i] += col[i] * x;
                    }
                }
            }
            if (l < layers - 1) {
                activate(out, nOut);
            }
            float[] swap = in;
            in = out;
            out = swap;
        }
        // in now holds the MLP output (numMemory values).
        for (int i = 0; i < numMemory; i++) {
            float dm = ScaledTanh.value(in[i]);
            m[i] = kappaM[i] * m[i] + memoryGain[i] * dm;
        }
        float[] y = outputBuffer;
        System.arraycopy(readoutBias, 0, y, 0, numOutput);
        for (int i = 0; i < numMemory; i++) {
            float mi = m[i];
            float[] col = readoutColumns[i];
            for (int o = 0; o < numOutput; o++) {
                y[o] += col[o] * mi;
            }
        }
        System.arraycopy(y, 0, output, outputOffset, numOutput);
    }

    static float tanh(float x) {
        return ExactExp.tanh(x);
    }

    private void activate(float[] v, int n) {
        activation.applyInPlace(v, n);
    }
}
