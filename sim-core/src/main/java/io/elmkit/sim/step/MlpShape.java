package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;

/**
 * The MLP's layer sizes, read from a model once: layer l maps {@code in[l]} to {@code out[l]}
 * values (layer 0's input is [b, kappa_m * m], the last layer's output is d_m). Shared by the
 * kernels and the training backward so that the layer table is written once.
 */
public final class MlpShape {
    /** Number of linear layers. */
    public final int layers;
    /** Inputs of each layer. Do not modify. */
    public final int[] in;
    /** Outputs of each layer. Do not modify. */
    public final int[] out;
    /** The widest input or output of any layer: the size of a scratch row that holds any of them. */
    public final int widest;

    public MlpShape(ElmModel model) {
        layers = model.mlpLayerCount();
        in = new int[layers];
        out = new int[layers];
        int w = 0;
        for (int l = 0; l < layers; l++) {
            in[l] = model.mlpIn(l);
            out[l] = model.mlpOut(l);
            w = Math.max(w, Math.max(in[l], out[l]));
        }
        widest = w;
    }
}
