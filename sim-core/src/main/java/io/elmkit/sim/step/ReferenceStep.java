package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Variant;

/**
 * One ELM neuron stepped as docs/model.md writes it (section "One time step", and the
 * reference's {@code dynamics}): route, traces, branch sums, MLP on [b, kappa_m * m], scaled tanh,
 * memory update, readout, each a separate loop, everything in float64 with {@link Math#tanh}.
 * Slow and obvious on purpose: the oracle the fast steppers are tested against (they run the MLP
 * and memory in float32 like the reference, so they agree with it to float rounding).
 */
public final class ReferenceStep {
    private final ElmModel model;
    private final boolean branchTraces;
    private final double[] trace;
    private final double[] memory;
    private final double[] routed;
    private final double[] branch;
    private final double[] mlpInput;
    private final double[] readoutIn;

    /** One neuron of {@code model} at state zero. */
    public ReferenceStep(ElmModel model) {
        this.model = model;
        this.branchTraces = model.config().variant() == Variant.V2;
        this.trace = new double[branchTraces ? model.numBranch() : model.numSynapses()];
        this.memory = new double[model.numMemory()];
        this.routed = new double[model.numSynapses()];
        this.branch = new double[model.numBranch()];
        this.mlpInput = new double[model.numBranch() + model.numMemory()];
        this.readoutIn = new double[model.numMemory()];
    }

    /** s_0 = 0, m_0 = 0. */
    public void reset() {
        java.util.Arrays.fill(trace, 0.0);
        java.util.Arrays.fill(memory, 0.0);
    }

    /** One step: reads d_in values of x from {@code xOffset}, writes d_o values of y from {@code yOffset}. */
    public void step(float[] x, int xOffset, float[] y, int yOffset) {
        int dB = model.numBranch();
        int k = model.synapsesPerBranch();
        int dM = model.numMemory();
        // u_t = route(x_t)
        int[] index = model.routeIndex();
        boolean[] valid = model.routeValid();
        for (int i = 0; i < routed.length; i++) {
            routed[i] = Synapses.routed(x, xOffset, index, valid, i);
        }
        // traces and branch sums
        float[] kappa = model.traceKappa();
        float[] w = model.synapseWeight();
        for (int j = 0; j < dB; j++) {
            double sum = 0;
            for (int e = 0; e < k; e++) {
                int i = j * k + e;
                if (branchTraces) {
                    sum += w[i] * routed[i];
                } else {
                    trace[i] = kappa[i] * trace[i] + w[i] * routed[i];
                    sum += trace[i];
                }
            }
            if (branchTraces) {
                trace[j] = kappa[j] * trace[j] + sum;
                sum = trace[j];
            }
            branch[j] = sum;
        }
        // MLP([b_t, kappa_m * m_{t-1}])
        float[] kappaM = model.kappaM();
        System.arraycopy(branch, 0, mlpInput, 0, dB);
        for (int q = 0; q < dM; q++) {
            mlpInput[dB + q] = kappaM[q] * memory[q];
        }
        double[] z = mlpInput;
        for (int l = 0; l < model.mlpLayerCount(); l++) {
            z = linear(model.mlpWeight(l), model.mlpBias(l), z);
            if (l < model.mlpLayerCount() - 1) {
                for (int i = 0; i < z.length; i++) {
                    z[i] = model.config().activation().apply((float) z[i]);
                }
            }
        }
        // dm_t = 1.7159 tanh(2/3 z); m_t = kappa_m m_{t-1} + gain dm_t
        float[] gain = model.memoryGain();
        for (int q = 0; q < dM; q++) {
            double dm = ScaledTanh.SCALE * Math.tanh(ScaledTanh.SLOPE * z[q]);
            memory[q] = kappaM[q] * memory[q] + gain[q] * dm;
            readoutIn[q] = memory[q];
        }
        // y_t = W_y m_t + b_y
        double[] out = linear(model.readoutWeight(), model.readoutBias(), readoutIn);
        for (int o = 0; o < out.length; o++) {
            y[yOffset + o] = (float) out[o];
        }
    }

    /** W x + b for a row-major (b.length, x.length) W. */
    private static double[] linear(float[] weight, float[] bias, double[] x) {
        double[] out = new double[bias.length];
        for (int i = 0; i < out.length; i++) {
            double sum = bias[i];
            for (int j = 0; j < x.length; j++) {
                sum += weight[i * x.length + j] * x[j];
            }
            out[i] = sum;
        }
        return out;
    }

    /** The reference forward of one sequence: x (T, d_in) from state zero, returns y (T, d_o). Resets first. */
    public float[] forward(float[] x, int xOffset, int steps) {
        float[] y = new float[steps * model.numOutput()];
        reset();
        for (int t = 0; t < steps; t++) {
            step(x, xOffset + t * model.numInput(), y, t * model.numOutput());
        }
        return y;
    }
}
