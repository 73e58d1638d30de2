package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Data-parallel training steps: the batch is split into min(B, {@link #MAX_PARTS}) contiguous parts,
 * a partition that depends on the batch size only; the worker threads compute the parts' losses
 * and gradients (thread w takes parts w, w + threads, ...), and the parts are summed in part order,
 * weighted by their share of the batch. The sums therefore do not depend on the thread count:
 * results are bit-identical for a given seed whatever the number of threads. With the vector
 * kernels selected and {@code -Delmkit.train.lockstep=true} ({@link LockstepKernel#forTraining()}), a
 * worker may run its parts' backwards in lockstep, which changes no bit. Close it to stop the worker threads.
 */
public final class Trainer implements AutoCloseable {
    /** Loss over a part of the batch: (outputs, first sample index, part size, dL/dy) -> mean loss over the part. */
    @FunctionalInterface
    public interface PartLoss {
        /** The mean loss over the part; writes dL/dy into {@code gy}. */
        double apply(float[] y, int firstSample, int count, double[] gy);
    }

    /**
     * At most this many parts per batch: enough for 16 threads, and it bounds the gradients held
     * until they are summed to 16 sets.
     */
    static final int MAX_PARTS = 16;

    private final Optimizer optimizer;
    private final int threads;
    private final ExecutorService pool;
    private final LockstepKernel lockstep;
    private final int lanes;
    private final int minLanes;

    /** A trainer stepping {@code optimizer} with {@code threads} worker threads. */
    public Trainer(Optimizer optimizer, int threads) {
        this(optimizer, threads, LockstepKernel.forTraining(), -1);
    }

    /**
     * As {@link #Trainer(Optimizer, int)} with the lockstep backward {@code lockstep} (null: one
     * sequence at a time), used for a worker's parts when they fill at least {@code minLanes} lanes
     * (-1: three quarters of the kernel's lanes: a step of the kernel costs the same however many
     * lanes are filled, and with 4 of 8 lanes training was 0.91x of one part after another).
     */
    Trainer(Optimizer optimizer, int threads, LockstepKernel lockstep, int minLanes) {
        this.lockstep = LockstepBackward.pays(optimizer.model()) ? lockstep : null;
        this.lanes = this.lockstep == null ? MAX_PARTS : this.lockstep.lanes();
        this.minLanes = minLanes >= 0 ? minLanes : (3 * lanes + 3) / 4;
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
        int parts = Math.min(MAX_PARTS, batch);
        int workers = Math.min(threads, parts);
        BatchGradients.Result[] results = new BatchGradients.Result[parts];
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                // This worker's parts w, w + workers, ...: one after another, or their backwards
                // in lockstep (each part its own lane, so each part's gradients are as alone).
                int mine = (parts - worker + workers - 1) / workers;
                SpikeSequences[] inputs = new SpikeSequences[mine];
                BatchGradients.LossFunction[] losses = new BatchGradients.LossFunction[mine];
                for (int i = 0; i < mine; i++) {
                    int p = worker + i * workers;
                    int first = partStart(p, parts, batch);
                    int count = partStart(p + 1, parts, batch) - first;
                    inputs[i] = input.part(first, count);
                    losses[i] = (y, gy) -> loss.apply(y, first, count, gy);
                }
                for (int i = 0; i < mine; i += lanes) {
                    int n = Math.min(lanes, mine - i);
                    BatchGradients.Result[] done = BatchGradients.computeParts(model,
                        java.util.Arrays.copyOfRange(inputs, i, i + n), java.util.Arrays.copyOfRange(losses, i, i + n), lockstep, minLanes);
                    for (int j = 0; j < n; j++) {
                        results[worker + (i + j) * workers] = done[j];
                    }
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
        Gradients total = new Gradients(model);
        double lossSum = 0;
        for (int p = 0; p < parts; p++) {
            int count = partStart(p + 1, parts, batch) - partStart(p, parts, batch);
            double weight = (double) count / batch;
            results[p].gradients.scale(weight);
            total.add(results[p].gradients);
            lossSum += results[p].loss * weight;
        }
        optimizer.step(total);
        return lossSum;
    }

    /** The first sample of part {@code p} of {@code parts}. */
    private static int partStart(int p, int parts, int batch) {
        return (int) ((long) p * batch / parts);
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
