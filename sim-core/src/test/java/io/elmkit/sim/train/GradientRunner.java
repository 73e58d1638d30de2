package io.elmkit.sim.train;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs loss + BPTT over a batch the way the goldens were made (NeuronIO loss for d_o 2, else MSE). */
final class GradientRunner {
    static double lastLoss;

    private GradientRunner() {
    }

    static Map<String, NdArray> gradients(ElmModel model, float[] x, int batch, int steps, float[] y, Path dir)
        throws Exception {
        int dIn = model.numInput();
        int dO = model.numOutput();
        Bptt bptt = new Bptt(model);
        for (int b = 0; b < batch; b++) {
            bptt.forward(x, b * steps * dIn, steps, y, b * steps * dO);
        }
        double[] gy = new double[y.length];
        if (Files.exists(dir.resolve("target.npy"))) {
            lastLoss = Loss.mse(y, Npy.read(dir.resolve("target.npy")).toFloatArray(), gy);
        } else {
            lastLoss = Loss.neuronio(y, dO, Npy.read(dir.resolve("target_spike.npy")).toFloatArray(),
                Npy.read(dir.resolve("target_soma.npy")).toFloatArray(), gy);
        }
        Gradients grads = new Gradients(model);
        for (int b = 0; b < batch; b++) {
            bptt.forward(x, b * steps * dIn, steps, y, b * steps * dO);
            bptt.backward(x, b * steps * dIn, steps, gy, b * steps * dO, grads);
        }
        return grads.toNamedArrays(model);
    }
}
