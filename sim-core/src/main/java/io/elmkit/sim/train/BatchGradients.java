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
        /** The loss over y; writes dL/dy into {@code gy}. */
        double apply(float[] y, double[] gy);
    }

    /** The loss value, the outputs and the gradients. */
    public static final class Result {
        /** The loss. */
        public final double loss;
        /** The outputs (B, T, d_o). */
        public final float[] output;
        /** The gradients of the loss. */
        public final Gradients gradients;

        Result(double loss, float[] output, Gradients gradients) {
            this.loss = loss;
            this.output = output;
            this.gradients = gradients;
        }
    }

    /** States kept for the backward of one batch part: above this, sequences are recomputed one at a time. */
    static final long KEEP_ALL_BYTES = 256L << 20;

    /** This thread's instances of the previous call, whose storage the next call reuses. */
    private static final ThreadLocal<Bptt[]> LAST_INSTANCES = ThreadLocal.withInitial(() -> new Bptt[0]);

    private BatchGradients() {
    }

    /** Input (B, T, d_in) in C order. */
    public static Result compute(ElmModel model, float[] x, int batch, int steps, LossFunction loss) {
        return compute(model, x, batch, steps, loss, KEEP_ALL_BYTES);
    }

    /**
     * As {@link #compute(ElmModel, float[], int, int, LossFunction)} with a memory budget: when the
     * states of all sequences exceed {@code keepAllBytes}, only one sequence's states are kept at a
     * time and each forward is recomputed before its backward (peak memory: one sequence, e.g. about
     * 18 MB for a 2000-step SHD-Adding sequence of the d_m 100 ELM with 700 branches).
     */
    static Result compute(ElmModel model, float[] x, int batch, int steps, LossFunction loss, long keepAllBytes) {
        return compute(model, SpikeSequences.fromDense(x, 0, batch, steps, model.numInput()), loss, keepAllBytes);
    }

    /** Loss and gradients over sparse input sequences. */
    public static Result compute(ElmModel model, SpikeSequences x, LossFunction loss) {
        return compute(model, x, loss, KEEP_ALL_BYTES);
    }

    static Result compute(ElmModel model, SpikeSequences x, LossFunction loss, long keepAllBytes) {
        int batch = x.batch();
        int steps = x.steps();
        int dO = model.numOutput();
        float[] y = new float[batch * steps * dO];
        // Keep every sequence's states when they fit the budget (one forward per sequence);
        // otherwise keep one at a time and run each forward again before its backward.
        long perSequence = Bptt.stateBytes(model, steps);
        boolean keepAll = perSequence * batch <= keepAllBytes;
        Bptt[] kept = instances(model, keepAll ? batch : 1);
        for (int b = 0; b < batch; b++) {
            kept[keepAll ? b : 0].forward(x, b, y, b * steps * dO);
        }
        double[] gy = new double[y.length];
        double value = loss.apply(y, gy);
        Gradients grads = new Gradients(model);
        float[] scratch = keepAll ? null : new float[steps * dO];
        for (int b = 0; b < batch; b++) {
            Bptt bptt = kept[keepAll ? b : 0];
            if (!keepAll) {
                bptt.forward(x, b, scratch, 0);
            }
            bptt.backward(steps, gy, b * steps * dO, grads);
        }
        return new Result(value, y, grads);
    }

    /** {@code count} instances for {@code model}, this thread's previous ones (or their storage) reused. */
    private static Bptt[] instances(ElmModel model, int count) {
        Bptt[] kept = new Bptt[count];
        Bptt[] previous = LAST_INSTANCES.get();
        for (int b = 0; b < kept.length; b++) {
            if (b < previous.length && previous[b].model() == model) {
                // Same (immutable) model as this thread's previous call, e.g. the next part of the
                // same training step: its weight layouts and storage serve as they are.
                kept[b] = previous[b];
                continue;
            }
            kept[b] = new Bptt(model, b < previous.length ? previous[b] : null);
        }
        LAST_INSTANCES.set(kept);
        return kept;
    }

    /**
     * The results of several batch parts (equal step counts), {@code parts[p]} with loss {@code losses[p]}:
     * each exactly as {@link #compute(ElmModel, SpikeSequences, LossFunction)} gives it. With a
     * {@code kernel}, at least {@code minLanes} parts and every sequence's states within the memory
     * budget, the parts' backwards run in lockstep (sequence r of each part in one lane, r = 0, 1, ..);
     * otherwise one part after another.
     */
    static Result[] computeParts(ElmModel model, SpikeSequences[] parts, LossFunction[] losses, LockstepKernel kernel, int minLanes) {
        int total = 0;
        int most = 0;
        for (SpikeSequences part : parts) {
            total += part.batch();
            most = Math.max(most, part.batch());
        }
        Result[] results = new Result[parts.length];
        int steps = parts[0].steps();
        if (kernel == null || parts.length < Math.max(2, minLanes) || parts.length > kernel.lanes()
                || Bptt.stateBytes(model, steps) * total > KEEP_ALL_BYTES) {
            for (int p = 0; p < parts.length; p++) {
                results[p] = compute(model, parts[p], losses[p]);
            }
            return results;
        }
        int dO = model.numOutput();
        Bptt[] kept = instances(model, total);
        double[][] gy = new double[parts.length][];
        for (int p = 0, first = 0; p < parts.length; first += parts[p].batch(), p++) {
            float[] y = new float[parts[p].batch() * steps * dO];
            for (int b = 0; b < parts[p].batch(); b++) {
                kept[first + b].forward(parts[p], b, y, b * steps * dO);
            }
            gy[p] = new double[y.length];
            double value = losses[p].apply(y, gy[p]);
            results[p] = new Result(value, y, new Gradients(model));
        }
        // Round r: sequence r of every part that has one, each part in its own lane.
        Bptt[] lanes = new Bptt[parts.length];
        double[][] laneGy = new double[parts.length][];
        int[] laneOffset = new int[parts.length];
        Gradients[] laneGrads = new Gradients[parts.length];
        for (int r = 0; r < most; r++) {
            int count = 0;
            for (int p = 0, first = 0; p < parts.length; first += parts[p].batch(), p++) {
                if (r < parts[p].batch()) {
                    lanes[count] = kept[first + r];
                    laneGy[count] = gy[p];
                    laneOffset[count] = r * steps * dO;
                    laneGrads[count++] = results[p].gradients;
                }
            }
            LockstepBackward.backward(kernel, lanes, count, steps, laneGy, laneOffset, laneGrads);
        }
        return results;
    }
}
