package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;

/**
 * Adam and Adamax as PyTorch implements them (default betas 0.9/0.999, eps 1e-8, no weight decay),
 * with an optional cosine decay of the learning rate per step to 0 (CosineAnnealingLR, eta_min 0).
 * Holds the trainable parameters (float32, as the model) and their moments (float64).
 */
public final class Optimizer {
    /** Which update rule. */
    public enum Kind { ADAM, ADAMAX }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final Kind kind;
    private final double learningRate;
    private final long totalSteps;
    private final float[][] params;
    private final double[][] first;
    private final double[][] second;
    private long step;
    private ElmModel model;

    /** {@code totalSteps <= 0}: constant learning rate; otherwise cosine decay over that many steps. */
    public Optimizer(ElmModel model, Kind kind, double learningRate, long totalSteps) {
        this.model = model;
        this.kind = kind;
        this.learningRate = learningRate;
        this.totalSteps = totalSteps;
        params = new float[model.parameterCount()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = model.parameter(i).clone();
        }
        first = new double[params.length][];
        second = new double[params.length][];
        for (int i = 0; i < params.length; i++) {
            first[i] = new double[params[i].length];
            second[i] = new double[params[i].length];
        }
    }

    /** The learning rate of the next step. */
    public double currentLearningRate() {
        if (totalSteps <= 0) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) step / totalSteps);
        return learningRate * 0.5 * (1.0 + Math.cos(Math.PI * progress));
    }

    /** Applies one update from {@code g} and returns the updated model. */
    public ElmModel step(Gradients g) {
        double lr = currentLearningRate();
        step++;
        double bias1 = 1.0 - Math.pow(BETA1, step);
        double bias2 = 1.0 - Math.pow(BETA2, step);
        for (int i = 0; i < params.length; i++) {
            if (!model.trains(i)) {
                continue;
            }
            float[] p = params[i];
            double[] m = first[i];
            double[] v = second[i];
            double[] gr = g.parameter(i);
            for (int j = 0; j < p.length; j++) {
                double gj = gr[j];
                m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
                if (kind == Kind.ADAM) {
                    v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
                    double denom = Math.sqrt(v[j] / bias2) + EPS;
                    p[j] = (float) (p[j] - lr * (m[j] / bias1) / denom);
                } else {
                    v[j] = Math.max(BETA2 * v[j], Math.abs(gj) + EPS);
                    p[j] = (float) (p[j] - (lr / bias1) * m[j] / v[j]);
                }
            }
        }
        model = model.withParameters(params);
        return model;
    }

    /** The model with the current parameters. */
    public ElmModel model() {
        return model;
    }

    /**
     * The optimiser's state (step and moments) as arrays, for resuming: {@code opt_step}, {@code opt_m_i},
     * {@code opt_v_i}, i the index of {@link ElmModel#parameter(int)}.
     */
    public java.util.LinkedHashMap<String, io.elmkit.io.nd.NdArray> exportState() {
        java.util.LinkedHashMap<String, io.elmkit.io.nd.NdArray> out = new java.util.LinkedHashMap<>();
        out.put("opt_step", io.elmkit.io.nd.NdArray.scalarLong(step));
        for (int i = 0; i < first.length; i++) {
            out.put("opt_m_" + i, io.elmkit.io.nd.NdArray.ofDoubles(first[i].clone(), first[i].length));
            out.put("opt_v_" + i, io.elmkit.io.nd.NdArray.ofDoubles(second[i].clone(), second[i].length));
        }
        return out;
    }

    /** Restores {@link #exportState()}'s arrays (same model shape); {@code source} names the file in errors. */
    public void importState(java.util.Map<String, io.elmkit.io.nd.NdArray> state, String source) {
        if (!state.containsKey("opt_step")) {
            throw new IllegalArgumentException(source + ": opt_step: missing (not a training state)");
        }
        step = state.get("opt_step").getLong(0);
        for (int i = 0; i < first.length; i++) {
            io.elmkit.io.nd.NdArray m = state.get("opt_m_" + i);
            io.elmkit.io.nd.NdArray v = state.get("opt_v_" + i);
            if (m == null || v == null || m.size() != first[i].length || v.size() != second[i].length) {
                throw new IllegalArgumentException(source + ": opt_m_" + i + "/opt_v_" + i + ": expected " + first[i].length
                    + " values each for this model");
            }
            first[i] = m.toDoubleArray();
            second[i] = v.toDoubleArray();
        }
    }

    /** Update steps taken. */
    public long steps() {
        return step;
    }

    /** The update rule. */
    public Kind kind() {
        return kind;
    }
}
