package io.elmkit.io.shd;

import io.elmkit.io.check.InputLimits;
import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;

/**
 * The flat layout {@link ShdFlatWriter} writes: {@code /spikes/times} and {@code /spikes/units}
 * hold every sample's spikes one after the other, sample i being
 * {@code [offsets[i], offsets[i + 1])} of {@code /spikes/offsets}. The offsets (8 bytes per sample)
 * are read and checked when the file is opened; a sample is one slice of each spike dataset.
 */
final class FlatSpikeSource implements SpikeSource {
    static final String OFFSETS = "/spikes/offsets";

    private final String file;
    private final Dataset times;
    private final Dataset units;
    private final long[] offsets;

    private FlatSpikeSource(String file, Dataset times, Dataset units, long[] offsets) {
        this.file = file;
        this.times = times;
        this.units = units;
        this.offsets = offsets;
    }

    /** Checks shapes and types and reads the offsets: 0 first, non-decreasing, the spike count last. */
    static FlatSpikeSource of(String file, Dataset times, Dataset units, Dataset offsetSet) {
        ShdDatasets.requireType(times, file, RaggedSpikeSource.TIMES, FloatingPoint.class, "a floating-point dataset (flat layout)");
        ShdDatasets.requireType(units, file, RaggedSpikeSource.UNITS, FixedPoint.class, "an integer dataset (flat layout)");
        ShdDatasets.requireType(offsetSet, file, OFFSETS, FixedPoint.class, "an integer dataset (flat layout)");
        int spikes = ShdDatasets.length1d(times, file, RaggedSpikeSource.TIMES, InputLimits.MAX_ARRAY_ELEMENTS);
        int unitCount = ShdDatasets.length1d(units, file, RaggedSpikeSource.UNITS, InputLimits.MAX_ARRAY_ELEMENTS);
        if (unitCount != spikes) {
            throw new ShdInputException(file, RaggedSpikeSource.UNITS, spikes + " spikes (as " + RaggedSpikeSource.TIMES + ")",
                unitCount + " spikes");
        }
        if (ShdDatasets.length1d(offsetSet, file, OFFSETS, InputLimits.MAX_STREAMS + 1) == 0) {
            throw new ShdInputException(file, OFFSETS, "samples + 1 offsets starting with 0", "no offsets");
        }
        long[] offsets = ShdArrays.longs(offsetSet.getData(), file, OFFSETS);
        if (offsets[0] != 0) {
            throw new ShdInputException(file, OFFSETS + "[0]", "0", Long.toString(offsets[0]));
        }
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] < offsets[i - 1]) {
                throw new ShdInputException(file, OFFSETS + "[" + i + "]", "at least " + offsets[i - 1] + " (non-decreasing)",
                    Long.toString(offsets[i]));
            }
        }
        if (offsets[offsets.length - 1] != spikes) {
            throw new ShdInputException(file, OFFSETS + "[" + (offsets.length - 1) + "]",
                spikes + " (the length of " + RaggedSpikeSource.TIMES + ")", Long.toString(offsets[offsets.length - 1]));
        }
        return new FlatSpikeSource(file, times, units, offsets);
    }

    @Override
    public int size() {
        return offsets.length - 1;
    }

    @Override
    public ShdSample read(int index) {
        long from = offsets[index];
        int count = (int) (offsets[index + 1] - from);
        if (count == 0) {
            return new ShdSample(new float[0], new int[0]);
        }
        String timesField = RaggedSpikeSource.TIMES + "[" + from + ":" + (from + count) + "] (sample " + index + ")";
        String unitsField = RaggedSpikeSource.UNITS + "[" + from + ":" + (from + count) + "] (sample " + index + ")";
        String timesBase = RaggedSpikeSource.TIMES;
        String unitsBase = RaggedSpikeSource.UNITS;
        float[] t = ShdArrays.times(slice(times, timesField, from, count), file, timesField,
            s -> timesBase + "[" + (from + s) + "] (sample " + index + ", spike " + s + ")");
        int[] u = ShdArrays.units(slice(units, unitsField, from, count), file, unitsField,
            s -> unitsBase + "[" + (from + s) + "] (sample " + index + ", spike " + s + ")", JhdfShdSamples.SHD_CHANNELS);
        return new ShdSample(t, u);
    }

    /** Every sample, each spike dataset decoded whole in one {@link Dataset#getData()} call (the eager path). */
    InMemorySpikeSource readAll() {
        float[] allTimes = ShdArrays.times(whole(times, RaggedSpikeSource.TIMES), file, RaggedSpikeSource.TIMES,
            k -> RaggedSpikeSource.TIMES + "[" + k + "] (" + sampleAndSpike(k) + ")");
        int[] allUnits = ShdArrays.units(whole(units, RaggedSpikeSource.UNITS), file, RaggedSpikeSource.UNITS,
            k -> RaggedSpikeSource.UNITS + "[" + k + "] (" + sampleAndSpike(k) + ")", JhdfShdSamples.SHD_CHANNELS);
        int n = size();
        float[][] t = new float[n][];
        int[][] u = new int[n][];
        for (int i = 0; i < n; i++) {
            t[i] = java.util.Arrays.copyOfRange(allTimes, (int) offsets[i], (int) offsets[i + 1]);
            u[i] = java.util.Arrays.copyOfRange(allUnits, (int) offsets[i], (int) offsets[i + 1]);
        }
        return new InMemorySpikeSource(t, u);
    }

    /** "sample i, spike s" of element {@code k} of the flat spike datasets (for error messages). */
    private String sampleAndSpike(long k) {
        int i = java.util.Arrays.binarySearch(offsets, k);
        if (i < 0) {
            i = -i - 2;
        }
        while (i + 1 < offsets.length && offsets[i + 1] == k) {
            i++;
        }
        return "sample " + i + ", spike " + (k - offsets[i]);
    }

    private Object whole(Dataset dataset, String path) {
        try {
            return dataset.getData();
        } catch (RuntimeException e) {
            throw JhdfErrors.unreadable(file, path, e);
        }
    }

    private Object slice(Dataset dataset, String field, long from, int count) {
        try {
            return dataset.getData(new long[] {from}, new int[] {count});
        } catch (RuntimeException e) {
            throw JhdfErrors.unreadable(file, field, e);
        }
    }
}
