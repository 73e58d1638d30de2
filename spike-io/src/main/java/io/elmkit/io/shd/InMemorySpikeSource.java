package io.elmkit.io.shd;

/** Every sample decoded up front (the eager path of {@link JhdfShdSamples#read}). */
final class InMemorySpikeSource implements SpikeSource {
    private final float[][] times;
    private final int[][] units;

    InMemorySpikeSource(float[][] times, int[][] units) {
        this.times = times;
        this.units = units;
    }

    /** Decodes every sample of {@code source}. */
    static InMemorySpikeSource copyOf(SpikeSource source) {
        int n = source.size();
        float[][] times = new float[n][];
        int[][] units = new int[n][];
        for (int i = 0; i < n; i++) {
            ShdSample sample = source.read(i);
            times[i] = sample.timesSeconds();
            units[i] = sample.units();
        }
        return new InMemorySpikeSource(times, units);
    }

    @Override
    public int size() {
        return times.length;
    }

    @Override
    public ShdSample read(int index) {
        return new ShdSample(times[index], units[index]);
    }
}
