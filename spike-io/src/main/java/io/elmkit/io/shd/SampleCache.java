package io.elmkit.io.shd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently decoded samples of a lazily read file, at most {@code capacity} of them (least
 * recently used dropped first), so that {@code timesSeconds(i)} followed by {@code units(i)} decodes
 * sample i once. Not thread-safe: its owner locks around it.
 */
final class SampleCache {
    private final LinkedHashMap<Integer, ShdSample> samples;

    SampleCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("sample cache capacity: expected at least 1, found " + capacity);
        }
        this.samples = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ShdSample> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached sample, or null. */
    ShdSample get(int index) {
        return samples.get(index);
    }

    void put(int index, ShdSample sample) {
        samples.put(index, sample);
    }

    int size() {
        return samples.size();
    }
}
