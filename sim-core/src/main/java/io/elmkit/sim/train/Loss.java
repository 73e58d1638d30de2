package io.elmkit.sim.train;

import io.elmkit.sim.step.ExactExp;

/**
 * The reference's losses over outputs y (B, T, d_o) in C order: each returns the loss and writes
 * dL/dy into {@code gy} (same layout). Means are over every element the loss averages, as
 * PyTorch's default {@code reduction='mean'}. Only JIT-independent math (ExactExp, StrictMath), so
 * training is reproducible bit for bit.
 */
public final class Loss {
    private Loss() {
    }

    /** Mean squared error against a target of the same shape. */
    public static double mse(float[] y, float[] target, double[] gy) {
        int n = y.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) y[i] - target[i];
            sum += d * d;
            gy[i] = 2.0 * d / n;
        }
        return sum / n;
    }

    /**
     * NeuronIO: 0.5 * BCE-with-logits(y[..., 0], spike) + 0.5 * MSE(y[..., 1], soma), means over
     * the B * T steps; {@code spike} and {@code soma} are (B, T). Other outputs get no gradient.
     */
    public static double neuronio(float[] y, int numOutput, float[] spike, float[] soma, double[] gy) {
        int steps = spike.length;
        double bce = 0;
        double mse = 0;
        java.util.Arrays.fill(gy, 0.0);
        for (int s = 0; s < steps; s++) {
            double logit = y[s * numOutput];
            double target = spike[s];
            // log(1 + exp(-|x|)) + max(x, 0) - x * t: the stable form PyTorch uses.
            bce += Math.max(logit, 0) - logit * target + StrictMath.log1p(ExactExp.exp(-Math.abs(logit)));
            double sigmoid = ExactExp.sigmoid(logit);
            gy[s * numOutput] = 0.5 * (sigmoid - target) / steps;
            double d = (double) y[s * numOutput + 1] - soma[s];
            mse += d * d;
            gy[s * numOutput + 1] = 0.5 * 2.0 * d / steps;
        }
        return 0.5 * bce / steps + 0.5 * mse / steps;
    }

    /**
     * Cross-entropy on the last step (SHD tasks): mean over the batch of CE(y[b, T-1, :], label_b);
     * {@code y} is (B, T, C).
     */
    public static double crossEntropyLast(float[] y, int batch, int steps, int classes, long[] labels, double[] gy) {
        java.util.Arrays.fill(gy, 0.0);
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int base = (b * steps + steps - 1) * classes;
            int label = (int) labels[b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + labels[b] + " of sample " + b + " outside 0.." + (classes - 1));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, y[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += ExactExp.exp(y[base + c] - max);
            }
            double logSum = max + StrictMath.log(sum);
            loss += logSum - y[base + label];
            for (int c = 0; c < classes; c++) {
                double p = ExactExp.exp(y[base + c] - logSum);
                gy[base + c] = (p - (c == label ? 1.0 : 0.0)) / batch;
            }
        }
        return loss / batch;
    }
}
