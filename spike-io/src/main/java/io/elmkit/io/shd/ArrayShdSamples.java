package io.elmkit.io.shd;

/**
 * Samples held in memory (synthetic data sets, benchmarks, tests): per sample its spike times in
 * seconds, their channels and a label. Callers get copies, so the arrays stay as given.
 */
public class ArrayShdSamples implements ShdSamples {
    private final String source;
    private final int numChannels;
    private final int[] labels;
    private final float[][] times;
    private final int[][] units;

    /** Takes the arrays as they are (not copied): the caller hands them over. */
    public ArrayShdSamples(String source, int numChannels, int[] labels, float[][] times, int[][] units) {
        if (times.length != labels.length || units.length != labels.length) {
            throw new IllegalArgumentException(source + ": labels, times and units: expected one each per sample, found "
                + labels.length + ", " + times.length + ", " + units.length);
        }
        this.source = source;
        this.numChannels = numChannels;
        this.labels = labels;
        this.times = times;
        this.units = units;
    }

    @Override
    public final int size() {
        return labels.length;
    }

    @Override
    public final int numChannels() {
        return numChannels;
    }

    @Override
    public final int label(int index) {
        return labels[index];
    }

    @Override
    public final float[] timesSeconds(int index) {
        return times[index].clone();
    }

    @Override
    public final int[] units(int index) {
        return units[index].clone();
    }

    @Override
    public final String source() {
        return source;
    }
}
