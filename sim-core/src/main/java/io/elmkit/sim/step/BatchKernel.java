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
    private final int batch;
    private final int numBranch;
    private final int numMemory;
    private final int numOutput;
    private final int layers;
    private final int[] layerIn;
    private final int[] layerOut;
    private final float[][] weight;
    private final float[][] bias;
    private final boolean silu;
    private final float[] kappaM;
    private final float[] memoryGain;
    private final float[] readout;
    private final float[] readoutBias;
    private final float[][] rowsA;
    private final float[][] rowsB;
    private final float[][] memory;
    private final float[][] outputRows;
    private static final float SLOPE = (float) (2.0 / 3.0);

    BatchKernel(ElmModel model, int batch) {
        this.batch = batch;
        numBranch = model.numBranch();
        numMemory = model.numMemory();
        numOutput = model.numOutput();
        layers = model.mlpLayerCount();
        layerIn = new int[layers];
        layerOut = new int[layers];
        weight = new float[layers][];
        bias = new float[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            layerIn[l] = model.mlpIn(l);
            layerOut[l] = model.mlpOut(l);
            weight[l] = model.mlpWeight(l);
            bias[l] = model.mlpBias(l);
            widest = Math.max(widest, Math.max(layerIn[l], layerOut[l]));
        }
        silu = model.config().activation() == Activation.SILU;
        kappaM = model.kappaM();
        memoryGain = model.memoryGain();
        readout = model.readoutWeight();
        readoutBias = model.readoutBias();
        rowsA = new float[widest][batch];
        rowsB = new float[widest][batch];
        memory = new float[numMemory][batch];
        outputRows = new float[numOutput][batch];
    }

    private void activateRow(float[] z) {
        if (silu) {
            for (int b = 0; b < batch; b++) {
                z[b] = DendriteKernel.silu(z[b]);
            }
        } else {
            for (int b = 0; b < batch; b++) {
                z[b] = Math.max(z[b], 0f);
            }
        }
    }

    void reset() {
        for (float[] m : memory) {
            Arrays.fill(m, 0f);
        }
    }

    void resetNeuron(int neuron) {
        for (float[] m : memory) {
            m[neuron] = 0f;
        }
    }

    int stateLength() {
        return numMemory;
    }

    void saveNeuron(int neuron, double[] dst, int offset) {
        for (int k = 0; k < numMemory; k++) {
            dst[offset + k] = memory[k][neuron];
        }
    }

    void loadNeuron(int neuron, double[] src, int offset) {
        for (int k = 0; k < numMemory; k++) {
            memory[k][neuron] = (float) src[offset + k];
        }
    }

    /**
     * One step of every neuron; outputs of neuron b go to offset + b * stride.
     *
     * @param branchPart per neuron, z_b = W1[:, branches] b_t (h values, see {@link FirstLayer})
     */
    void step(double[][] branchPart, float[] output, int outputOffset, int outputStride) {
        final int n = batch;
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
        for (int i = 0; i < h0; i++) {
            float[] z = out[i];
            double bi = bias[0][i];
            for (int b = 0; b < n; b++) {
                z[b] = (float) (bi + branchPart[b][i]);
            }
            for (int k = 0; k < numMemory; k++) {
                float wik = w0[i * in0 + numBranch + k];
                float[] x = mem[k];
                for (int b = 0; b < n; b++) {
                    z[b] += wik * x[b];
                }
            }
            if (layers > 1) {
                activateRow(z);
            }
        }
        in = out;
        out = rowsA;
        for (int l = 1; l < layers; l++) {
            int nIn = layerIn[l];
            int nOut = layerOut[l];
            float[] w = weight[l];
            float[] bl = bias[l];
            for (int i = 0; i < nOut; i++) {
                float[] z = out[i];
                Arrays.fill(z, bl[i]);
                int wrow = i * nIn;
                for (int j = 0; j < nIn; j++) {
                    float wij = w[wrow + j];
                    float[] x = in[j];
                    for (int b = 0; b < n; b++) {
                        z[b] += wij * x[b];
                    }
                }
                if (l < layers - 1) {
                    activateRow(z);
                }
            }
            float[][] swap = in;
            in = out;
            out = swap;
        }
        for (int i = 0; i < numMemory; i++) {
            float k = kappaM[i];
            float g = memoryGain[i];
            float[] z = in[i];
            float[] m = memory[i];
            for (int b = 0; b < n; b++) {
                float dm = 1.7159f * DendriteKernel.tanh(SLOPE * z[b]);
                m[b] = k * m[b] + g * dm;
            }
        }
        for (int o = 0; o < numOutput; o++) {
            float[] y = outputRows[o];
            Arrays.fill(y, readoutBias[o]);
            for (int i = 0; i < numMemory; i++) {
                float w = readout[o * numMemory + i];
                float[] m = memory[i];
                for (int b = 0; b < n; b++) {
                    y[b] += w * m[b];
                }
            }
        }
        for (int b = 0; b < n; b++) {
            int dst = outputOffset + b * outputStride;
            for (int o = 0; o < numOutput; o++) {
                output[dst + o] = outputRows[o][b];
            }
        }
    }
}
