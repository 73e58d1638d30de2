package io.elmkit.sim.synthetic;

import java.util.SplittableRandom;

/**
 * A synthetic NeuronIO-style input raster: independent Poisson spikes on every channel at a total
 * rate of {@code spikesPerMs} per neuron, excitatory channels (the first half) +1, inhibitory
 * channels (the second half) -1, as in the L5PC data. Deterministic for a seed.
 */
public final class PoissonRaster {
    private PoissonRaster() {
    }

    /** Dense (B, T, channels) float32 raster in C order. */
    public static float[] dense(long seed, int batch, int steps, int channels, double spikesPerMs, double dtMs) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * steps * channels];
        double p = Math.min(1.0, spikesPerMs * dtMs / channels);
        int half = channels / 2;
        for (int i = 0; i < x.length; i++) {
            if (rng.nextDouble() < p) {
                int c = i % channels;
                x[i] = c < half || channels == 1 ? 1f : -1f;
            }
        }
        return x;
    }

    /** Number of non-zero entries of a raster. */
    public static long count(float[] raster) {
        long n = 0;
        for (float v : raster) {
            n += v != 0f ? 1 : 0;
        }
        return n;
    }
}
