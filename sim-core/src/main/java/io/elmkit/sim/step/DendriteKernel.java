package io.elmkit.sim.step;

import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmModel;

/**
 * The part of a step shared by every stepper, for one neuron: MLP([b, kappa_m * m]), the scaled
 * tanh, the memory update and the readout, in float32 like the reference. Weights are kept
 * transposed (in, out) so each layer is a sequence of axpy loops over the outputs, which the JIT
 * vectorises, and zero inputs (silent branches, ReLU zeros) are skipped.
 */
final class DendriteKernel {
    private final int numBranch;
    private final int numMemory;
    private final int numOutput;
    private final int layers;
    private final int[] layerIn;
    private final int[] layerOut;
    private final float[][] weightT;
    private final float[][] bias;
    private final boolean silu;
    private final float[] kappaM;
    private final float[] memoryGain;
    private final float[] readoutT;
    private final float[] readoutBias;
    private final float[] bufferA;
    private final float[] bufferB;
    private static final float SLOPE = (float) (2.0 / 3.0);

    DendriteKernel(ElmModel model) {
        numBranch = model.numBranch();
        numMemory = model.numMemory();
        numOutput = model.numOutput();
        layers = model.mlpLayerCount();
        layerIn = new int[layers];
        layerOut = new int[layers];
        weightT = new float[layers][];
        bias = new float[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            layerIn[l] = model.mlpIn(l);
            layerOut[l] = model.mlpOut(l);
            weightT[l] = transpose(model.mlpWeight(l), layerOut[l], layerIn[l]);
            bias[l] = model.mlpBias(l);
            widest = Math.max(widest, Math.max(layerIn[l], layerOut[l]));
        }
        silu = model.config().activation() == Activation.SILU;
        kappaM = model.kappaM();
        memoryGain = model.memoryGain();
        readoutT = transpose(model.readoutWeight(), numOutput, numMemory);
        readoutBias = model.readoutBias();
        bufferA = new float[widest];
        bufferB = new float[widest];
    }

    private static float[] transpose(float[] rowMajor, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = rowMajor[r * cols + c];
            }
        }
        return t;
    }

    /**
     * Advances one neuron's memory given its branch activations, and writes its output.
     *
     * @param branch branch activations b_t, {@code numBranch} values from {@code branchOffset}
     * @param memory memory m_{t-1} at {@code memoryOffset}, replaced by m_t
     */
    void step(float[] branch, int branchOffset, float[] memory, int memoryOffset, float[] output, int outputOffset) {
        float[] in = bufferA;
        float[] out = bufferB;
        System.arraycopy(branch, branchOffset, in, 0, numBranch);
        for (int i = 0; i < numMemory; i++) {
            in[numBranch + i] = kappaM[i] * memory[memoryOffset + i];
        }
        for (int l = 0; l < layers; l++) {
            int nIn = layerIn[l];
            int nOut = layerOut[l];
            float[] w = weightT[l];
            System.arraycopy(bias[l], 0, out, 0, nOut);
            for (int j = 0; j < nIn; j++) {
                float x = in[j];
                if (x != 0f) {
                    int row = j * nOut;
                    for (int i = 0; i < nOut; i++) {
                        out[i] += w[row + i] * x;
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
            float dm = 1.7159f * (float) Math.tanh(SLOPE * in[i]);
            int mi = memoryOffset + i;
            memory[mi] = kappaM[i] * memory[mi] + memoryGain[i] * dm;
        }
        for (int o = 0; o < numOutput; o++) {
            output[outputOffset + o] = readoutBias[o];
        }
        for (int i = 0; i < numMemory; i++) {
            float m = memory[memoryOffset + i];
            int row = i * numOutput;
            for (int o = 0; o < numOutput; o++) {
                output[outputOffset + o] += readoutT[row + o] * m;
            }
        }
    }

    private void activate(float[] v, int n) {
        if (silu) {
            for (int i = 0; i < n; i++) {
                float x = v[i];
                v[i] = (float) (x / (1.0 + Math.exp(-x)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = Math.max(v[i], 0f);
            }
        }
    }
}
