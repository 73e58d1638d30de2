package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reference forward over a (B, T, d_in) input, the batch split into chunks run on worker
 * threads. Neurons are independent, so the result is the same for any thread count.
 */
public final class BatchForward {
    /** Neurons stepped together by one stepper: enough to amortise per-step overhead, small enough to share. */
    static final int CHUNK = 16;

    private BatchForward() {
    }

    /**
     * Where a chunk's input comes from and its output goes: arrays here, NumPy's memory for the
     * Python facade. Called from worker threads, each for its own chunk.
     */
    public interface Chunks {
        /** Fills {@code x} with neurons {@code first ..} of the input, (count, T, d_in) in C order. */
        void read(int first, float[] x);

        /** Stores {@code y}, the outputs of neurons {@code first ..}, (count, T, d_o) in C order. */
        void write(int first, float[] y);
    }

    /** Output (B, T, d_o) in C order. */
    public static float[] run(ElmModel model, StepperKind kind, float[] input, int batch, int steps, int threads)
        throws InterruptedException {
        int inPerNeuron = steps * model.numInput();
        int outPerNeuron = steps * model.numOutput();
        float[] output = new float[batch * outPerNeuron];
        run(model, kind, batch, steps, threads, new Chunks() {
            @Override
            public void read(int first, float[] x) {
                System.arraycopy(input, first * inPerNeuron, x, 0, x.length);
            }

            @Override
            public void write(int first, float[] y) {
                System.arraycopy(y, 0, output, first * outPerNeuron, y.length);
            }
        });
        return output;
    }

    /** The forward of {@code batch} neurons in chunks of {@link #CHUNK} on up to {@code threads} workers. */
    public static void run(ElmModel model, StepperKind kind, int batch, int steps, int threads, Chunks chunks)
        throws InterruptedException {
        int dIn = model.numInput();
        int numChunks = (batch + CHUNK - 1) / CHUNK;
        int workers = Math.max(1, Math.min(threads, numChunks));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "elmkit-forward");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < numChunks; c++) {
                int first = c * CHUNK;
                int count = Math.min(CHUNK, batch - first);
                futures.add(pool.submit(() -> {
                    float[] x = new float[count * steps * dIn];
                    chunks.read(first, x);
                    chunks.write(first, kind.create(model, count).forward(x, count, steps));
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The reference neuronio_eval_forward on (.., 2) outputs, in place: sigmoid(y0), 10 * y1. */
    public static void toNeuronioEval(float[] y) {
        for (int i = 0; i + 1 < y.length; i += 2) {
            y[i] = (float) (1.0 / (1.0 + Math.exp(-y[i])));
            y[i + 1] = y[i + 1] * 10f;
        }
    }
}
