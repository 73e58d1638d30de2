package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;

/**
 * The branch part of the MLP's first layer, z_b = W1[:, branches] b, which is linear in the branch
 * traces. Both steppers hand the kernels z_b (float64) instead of b: the dense stepper computes it
 * from the traces every step; the event stepper keeps it up to date like a trace, z_b,t =
 * kappa z_b,t-1 + sum over spikes of value * column(channel), where column(c) = sum over the
 * synapses c feeds of w_s * W1[:, branch]. A spike then costs one axpy of length h. Training's
 * forward takes its branch part the same way where every branch decays alike (Bptt).
 */
public final class FirstLayer {
    private FirstLayer() {
    }

    /** W1's branch columns: cols[j] = W1[:, j] for j < numBranch, as float64. */
    static double[][] branchColumns(ElmModel model) {
        int h = model.mlpOut(0);
        int in = model.mlpIn(0);
        float[] w = model.mlpWeight(0);
        double[][] cols = new double[model.numBranch()][h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < model.numBranch(); j++) {
                cols[j][i] = w[i * in + j];
            }
        }
        return cols;
    }

    /**
     * Channel columns per model (models are immutable, so identity is the key), shared read-only
     * by every event stepper of that model: a population of thousands of neurons in many blocks
     * keeps one copy (1278 x h float64 for the NeuronIO shape) instead of one per block.
     */
    private static final java.util.Map<ElmModel, double[][]> SHARED_CHANNEL_COLUMNS =
        java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** {@link #channelColumns}, computed once per model and shared; callers must not modify it. */
    public static double[][] sharedChannelColumns(ElmModel model) {
        return SHARED_CHANNEL_COLUMNS.computeIfAbsent(model, FirstLayer::channelColumns);
    }

    /**
     * Per input channel, the change of z_b per unit of input: sum over the (valid) synapses the
     * channel feeds of w_s[s] * W1[:, branch(s)]. Channels that feed nothing get a null column.
     */
    static double[][] channelColumns(ElmModel model) {
        double[][] branchCols = branchColumns(model);
        int h = model.mlpOut(0);
        int k = model.synapsesPerBranch();
        int[] route = model.routeIndex();
        boolean[] valid = model.routeValid();
        float[] ws = model.synapseWeight();
        double[][] cols = new double[model.numInput()][];
        for (int s = 0; s < model.numSynapses(); s++) {
            if (valid != null && !valid[s]) {
                continue;
            }
            int c = route == null ? s : route[s];
            if (cols[c] == null) {
                cols[c] = new double[h];
            }
            Layers.axpy(cols[c], branchCols[s / k], ws[s], h);
        }
        return cols;
    }

    /** z = sum_j cols[j] * b[j], b holding numBranch values from {@code bOffset}; z has h values. */
    static void project(double[][] cols, double[] b, int bOffset, double[] z) {
        java.util.Arrays.fill(z, 0.0);
        for (int j = 0; j < cols.length; j++) {
            double bj = b[bOffset + j];
            if (bj != 0.0) {
                Layers.axpy(z, cols[j], bj, z.length);
            }
        }
    }
}
