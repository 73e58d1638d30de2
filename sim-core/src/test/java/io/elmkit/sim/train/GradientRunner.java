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
        int dO = model.numOutput();
        BatchGradients.LossFunction loss;
        if (Files.exists(dir.resolve("target.npy"))) {
            float[] target = Npy.read(dir.resolve("target.npy")).toFloatArray();
            loss = (out, gy) -> Loss.mse(out, target, gy);
        } else {
            float[] spike = Npy.read(dir.resolve("target_spike.npy")).toFloatArray();
            float[] soma = Npy.read(dir.resolve("target_soma.npy")).toFloatArray();
            loss = (out, gy) -> Loss.neuronio(out, dO, spike, soma, gy);
        }
        BatchGradients.Result r = BatchGradients.compute(model, x, batch, steps, loss);
        System.arraycopy(r.output, 0, y, 0, y.length);
        lastLoss = r.loss;
        return r.gradients.toNamedArrays(model);
    }
}
