package io.elmkit.io.shd;

/** In-memory samples for writer tests. */
final class ArraySamples extends ArrayShdSamples {
    ArraySamples(float[][] times, int[][] units, int[] labels) {
        super("test arrays", JhdfShdSamples.SHD_CHANNELS, labels, times, units);
    }
}
