package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Data-parallel training steps: the batch is split into min(B, {@link #MAX_PARTS}) contiguous parts,
 * a partition that depends on the batch size only; the worker threads compute the parts' losses
 * and gradients (each claims the next part not yet taken, so a worker on a faster CPU takes more),
 * and the parts are summed in part order, weighted by their share of the batch. The sums therefore
 * do not depend on the thread count: results are bit-identical for a given seed whatever the number
 * of threads. With the vector kernels selected and {@code -Delmkit.train.lockstep=true}
 * ({@link LockstepKernel#forTraining()}), a worker may run a group of parts' backwards in lockstep,
 * which changes no bit. Close it to stop the worker threads.
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
    /** Parts per claimed group: the lockstep kernel's lanes, or 1 without it. */
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
        this.lanes = this.lockstep == null ? 1 : this.lockstep.lanes();
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
        int[][] groups = groups(parts, workers);
        BatchGradients.Result[] results = new BatchGradients.Result[parts];
        AtomicInteger nextGroup = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                // Groups claimed one at a time, so a worker on a faster CPU takes more of them.
                for (int g = nextGroup.getAndIncrement(); g < groups.length; g = nextGroup.getAndIncrement()) {
                    int[] group = groups[g];
                    SpikeSequences[] inputs = new SpikeSequences[group.length];
                    BatchGradients.LossFunction[] losses = new BatchGradients.LossFunction[group.length];
                    for (int i = 0; i < group.length; i++) {
                        int first = partStart(group[i], parts, batch);
                        int count = partStart(group[i] + 1, parts, batch) - first;
                        inputs[i] = input.part(first, count);
                        losses[i] = (y, gy) -> loss.apply(y, first, count, gy);
                    }
                    BatchGradients.Result[] done = BatchGradients.computeParts(model, inputs, losses, lockstep, minLanes);
                    for (int i = 0; i < group.length; i++) {
                        results[group[i]] = done[i];
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

    /**
     * The parts in the groups the workers claim: one part each, or, for the lockstep backward, the
     * parts a worker would take in turn (w, w + workers, ...) in groups of at most the kernel's lanes,
     * so that a group fills the lanes as it did when each worker kept its own parts.
     */
    private int[][] groups(int parts, int workers) {
        List<int[]> groups = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int mine = (parts - w + workers - 1) / workers;
            for (int i = 0; i < mine; i += lanes) {
                int[] group = new int[Math.min(lanes, mine - i)];
                for (int j = 0; j < group.length; j++) {
                    group[j] = w + (i + j) * workers;
                }
                groups.add(group);
            }
        }
        return groups.toArray(new int[0][]);
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
