package io.elmkit.io.shd;

/** In-memory samples for writer tests. */
final class ArraySamples implements ShdSamples {
    private final float[][] times;
    private final int[][] units;
    private final int[] labels;

    ArraySamples(float[][] times, int[][] units, int[] labels) {
        this.times = times;
        this.units = units;
        this.labels = labels;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numChannels() {
        return JhdfShdSamples.SHD_CHANNELS;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public float[] timesSeconds(int index) {
        return times[index].clone();
    }

    @Override
    public int[] units(int index) {
        return units[index].clone();
    }

    @Override
    public String source() {
        return "test arrays";
    }
}
