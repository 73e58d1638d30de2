package io.elmkit.sim.train;

import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.ElmModel;
import java.util.LinkedHashMap;

/**
 * Gradients of a loss with respect to every parameter the reference trains, in float64, with the
 * state-dict layout of each parameter ({@code mlpWeight[l]} row-major (out, in), ...).
 */
public final class Gradients {
    final double[] protoWs;
    final double[] protoTauM;
    final double[][] mlpWeight;
    final double[][] mlpBias;
    final double[] readoutWeight;
    final double[] readoutBias;
    final boolean learnTau;

    /** Zero gradients shaped like {@code model}'s trainable parameters. */
    public Gradients(ElmModel model) {
        protoWs = new double[model.numSynapses()];
        protoTauM = new double[model.numMemory()];
        int layers = model.mlpLayerCount();
        mlpWeight = new double[layers][];
        mlpBias = new double[layers][];
        for (int l = 0; l < layers; l++) {
            mlpWeight[l] = new double[model.mlpWeight(l).length];
            mlpBias[l] = new double[model.mlpBias(l).length];
        }
        readoutWeight = new double[model.readoutWeight().length];
        readoutBias = new double[model.readoutBias().length];
        learnTau = model.config().learnMemoryTau();
    }

    /** Adds another set of gradients (same model shape), e.g. from another worker. */
    public void add(Gradients o) {
        addTo(protoWs, o.protoWs);
        addTo(protoTauM, o.protoTauM);
        for (int l = 0; l < mlpWeight.length; l++) {
            addTo(mlpWeight[l], o.mlpWeight[l]);
            addTo(mlpBias[l], o.mlpBias[l]);
        }
        addTo(readoutWeight, o.readoutWeight);
        addTo(readoutBias, o.readoutBias);
    }

    /** Multiplies every gradient by {@code factor}. */
    public void scale(double factor) {
        scaleArray(protoWs, factor);
        scaleArray(protoTauM, factor);
        for (int l = 0; l < mlpWeight.length; l++) {
            scaleArray(mlpWeight[l], factor);
            scaleArray(mlpBias[l], factor);
        }
        scaleArray(readoutWeight, factor);
        scaleArray(readoutBias, factor);
    }

    private static void scaleArray(double[] a, double factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= factor;
        }
    }

    private static void addTo(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    /** Gradients by state-dict name, float32, shaped like the parameters (as {@code grad/<name>.npy}). */
    public LinkedHashMap<String, NdArray> toNamedArrays(ElmModel model) {
        LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
        out.put("_proto_w_s", floats(protoWs, model.numSynapses()));
        if (learnTau) {
            out.put("_proto_tau_m", floats(protoTauM, model.numMemory()));
        }
        for (int l = 0; l < mlpWeight.length; l++) {
            out.put("mlp.network." + 2 * l + ".weight", floats(mlpWeight[l], model.mlpOut(l), model.mlpIn(l)));
            out.put("mlp.network." + 2 * l + ".bias", floats(mlpBias[l], model.mlpOut(l)));
        }
        out.put("w_y.weight", floats(readoutWeight, model.numOutput(), model.numMemory()));
        out.put("w_y.bias", floats(readoutBias, model.numOutput()));
        return out;
    }

    private static NdArray floats(double[] v, int... shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return NdArray.ofFloats(f, shape);
    }

    /** dL/d {@code _proto_w_s} (d_s). */
    public double[] protoWs() {
        return protoWs;
    }

    /** dL/d {@code _proto_tau_m} (d_m). */
    public double[] protoTauM() {
        return protoTauM;
    }

    /** dL/d weight of MLP layer l, row-major (out, in). */
    public double[] mlpWeight(int l) {
        return mlpWeight[l];
    }

    /** dL/d bias of MLP layer l. */
    public double[] mlpBias(int l) {
        return mlpBias[l];
    }

    /** dL/d {@code w_y.weight} (d_o, d_m). */
    public double[] readoutWeight() {
        return readoutWeight;
    }

    /** dL/d {@code w_y.bias} (d_o). */
    public double[] readoutBias() {
        return readoutBias;
    }
}
