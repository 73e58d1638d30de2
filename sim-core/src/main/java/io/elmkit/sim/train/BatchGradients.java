package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;

/**
 * Loss and gradients of a model over a batch of sequences: forward every sequence, the loss over
 * all outputs, then backward every sequence into one set of gradients.
 */
public final class BatchGradients {
    /** A loss over the batch's outputs (B, T, d_o): returns it and writes dL/dy into {@code gy}. */
    @FunctionalInterface
    public interface LossFunction {
        double apply(float[] y, double[] gy);
    }

    /** The loss value, the outputs and the gradients. */
    public static final class Result {
        public final double loss;
        public final float[] output;
        public final Gradients gradients;

        Result(double loss, float[] output, Gradients gradients) {
            this.loss = loss;
            this.output = output;
            this.gradients = gradients;
        }
    }

    private BatchGradients() {
    }

    /** Input (B, T, d_in) in C order. */
    public static Result compute(ElmModel model, float[] x, int batch, int steps, LossFunction loss) {
        int dIn = model.numInput();
        int dO = model.numOutput();
        float[] y = new float[batch * steps * dO];
        Bptt bptt = new Bptt(model);
        for (int b = 0; b < batch; b++) {
            bptt.forward(x, b * steps * dIn, steps, y, b * steps * dO);
        }
        double[] gy = new double[y.length];
        double value = loss.apply(y, gy);
        Gradients grads = new Gradients(model);
        float[] scratch = new float[steps * dO];
        for (int b = 0; b < batch; b++) {
            // Forward again to restore this sequence's states (one sequence is kept at a time).
            bptt.forward(x, b * steps * dIn, steps, scratch, 0);
            bptt.backward(x, b * steps * dIn, steps, gy, b * steps * dO, grads);
        }
        return new Result(value, y, grads);
    }
}
