package io.elmkit.sim.train;

import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.ElmModel;
import java.util.LinkedHashMap;

/**
 * Gradients of a loss with respect to every parameter the reference trains, in float64, with the
 * state-dict layout of each parameter ({@code mlpWeight[l]} row-major (out, in), ...).
 */
public final class Gradients {
    /** By parameter index of {@link ElmModel#parameter(int)}; the named fields below are these arrays. */
    private final double[][] arrays;
    final double[] protoWs;
    final double[] protoTauM;
    final double[][] mlpWeight;
    final double[][] mlpBias;
    final double[] readoutWeight;
    final double[] readoutBias;
    final boolean learnTau;

    public Gradients(ElmModel model) {
        arrays = new double[model.parameterCount()][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new double[model.parameter(i).length];
        }
        protoWs = arrays[ElmModel.PROTO_W_S];
        protoTauM = arrays[ElmModel.PROTO_TAU_M];
        int layers = model.mlpLayerCount();
        mlpWeight = new double[layers][];
        mlpBias = new double[layers][];
        for (int l = 0; l < layers; l++) {
            mlpWeight[l] = arrays[ElmModel.mlpWeightIndex(l)];
            mlpBias[l] = arrays[ElmModel.mlpWeightIndex(l) + 1];
        }
        readoutWeight = arrays[arrays.length - 2];
        readoutBias = arrays[arrays.length - 1];
        learnTau = model.config().learnMemoryTau();
    }

    /** Adds another set of gradients (same model shape), e.g. from another worker. */
    public void add(Gradients o) {
        for (int p = 0; p < arrays.length; p++) {
            double[] a = arrays[p];
            double[] b = o.arrays[p];
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }
    }

    /** Multiplies every gradient by {@code factor}. */
    public void scale(double factor) {
        for (double[] a : arrays) {
            for (int i = 0; i < a.length; i++) {
                a[i] *= factor;
            }
        }
    }

    /**
     * Gradients of the parameters the reference trains ({@link ElmModel#trains}) by state-dict name,
     * float32, shaped like the parameters (as {@code grad/<name>.npy}).
     */
    public LinkedHashMap<String, NdArray> toNamedArrays(ElmModel model) {
        LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
        for (int p = 0; p < arrays.length; p++) {
            if (model.trains(p)) {
                float[] f = new float[arrays[p].length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) arrays[p][i];
                }
                out.put(model.parameterName(p), NdArray.ofFloats(f, model.parameterShape(p)));
            }
        }
        return out;
    }

    /** The gradient of parameter {@code p} of {@link ElmModel#parameter(int)}, float64. */
    public double[] parameter(int p) {
        return arrays[p];
    }
}
