package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Data-parallel training steps: the batch is split into {@code threads} contiguous parts (a fixed
 * partition), each part's loss and gradients are computed on its own thread, and the parts are
 * summed in order, weighted by their share of the batch. Results are bit-identical for a given
 * seed and thread count. Close it to stop the worker threads.
 */
public final class Trainer implements AutoCloseable {
    /** Loss over a part of the batch: (outputs, first sample index, part size, dL/dy) -> mean loss over the part. */
    @FunctionalInterface
    public interface PartLoss {
        /** The mean loss over the part; writes dL/dy into {@code gy}. */
        double apply(float[] y, int firstSample, int count, double[] gy);
    }

    private final Optimizer optimizer;
    private final int threads;
    private final ExecutorService pool;

    /** A trainer stepping {@code optimizer} with {@code threads} worker threads. */
    public Trainer(Optimizer optimizer, int threads) {
        this.optimizer = optimizer;
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "elmkit-train");
            t.setDaemon(true);
            return t;
        });
    }

    /** One optimiser step on a dense batch (B, T, d_in); returns the batch's mean loss. */
    public double step(float[] x, int batch, int steps, PartLoss loss) throws InterruptedException {
        int dIn = optimizer.model().numInput();
        if ((long) batch * steps * dIn > x.length) {
            throw new IllegalArgumentException("input holds " + x.length + " values, expected B * T * num_input = "
                + batch + " * " + steps + " * " + dIn);
        }
        // Each worker indexes the spikes of its own part (the dense scan runs in parallel).
        return step(batch, (first, count) -> SpikeSequences.fromDense(x, first * steps * dIn, count, steps, dIn), loss);
    }

    /** One optimiser step on sparse input sequences; returns the batch's mean loss. */
    public double step(SpikeSequences x, PartLoss loss) throws InterruptedException {
        return step(x.batch(), x::part, loss);
    }

    private interface PartInput {
        SpikeSequences part(int first, int count);
    }

    private double step(int batch, PartInput input, PartLoss loss) throws InterruptedException {
        ElmModel model = optimizer.model();
        int parts = Math.min(threads, batch);
        List<Future<BatchGradients.Result>> futures = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int first = p * batch / parts;
            int count = (p + 1) * batch / parts - first;
            futures.add(pool.submit(() -> BatchGradients.compute(model, input.part(first, count),
                (y, gy) -> loss.apply(y, first, count, gy))));
        }
        Gradients total = new Gradients(model);
        double lossSum = 0;
        try {
            for (int p = 0; p < parts; p++) {
                int first = p * batch / parts;
                int count = (p + 1) * batch / parts - first;
                BatchGradients.Result r = futures.get(p).get();
                double weight = (double) count / batch;
                r.gradients.scale(weight);
                total.add(r.gradients);
                lossSum += r.loss * weight;
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
        optimizer.step(total);
        return lossSum;
    }

    /** The model with the current parameters. */
    public ElmModel model() {
        return optimizer.model();
    }

    /** The optimiser. */
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
