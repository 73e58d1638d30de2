package io.elmkit.shd;

import io.elmkit.io.shd.ShdSamples;
import java.util.ArrayList;
import java.util.List;

/** Hand-made SHD samples held in memory, for tests. */
final class InMemorySamples implements ShdSamples {
    private final String name;
    private final int numChannels;
    private final List<float[]> times = new ArrayList<>();
    private final List<int[]> units = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();

    InMemorySamples(String name, int numChannels) {
        this.name = name;
        this.numChannels = numChannels;
    }

    InMemorySamples add(int label, float[] sampleTimes, int[] sampleUnits) {
        labels.add(label);
        times.add(sampleTimes);
        units.add(sampleUnits);
        return this;
    }

    @Override
    public int size() {
        return labels.size();
    }

    @Override
    public int numChannels() {
        return numChannels;
    }

    @Override
    public int label(int index) {
        return labels.get(index);
    }

    @Override
    public float[] timesSeconds(int index) {
        return times.get(index).clone();
    }

    @Override
    public int[] units(int index) {
        return units.get(index).clone();
    }

    @Override
    public String source() {
        return name;
    }
}
