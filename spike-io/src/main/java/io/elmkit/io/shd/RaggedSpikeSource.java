package io.elmkit.io.shd;

import io.elmkit.io.check.InputLimits;
import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;

/**
 * The SHD layout: {@code /spikes/times} and {@code /spikes/units} are 1-d variable-length datasets,
 * one sequence per sample. A sample is read with jhdf's slice API ({@link Dataset#getData(long[], int[])}
 * with offset {@code i}, shape 1): jhdf then reads only element i's record (length, global heap
 * collection address, object index) from contiguous storage, or the one chunk holding it from chunked
 * storage, and resolves only that element's global heap collection. No jhdf internals needed.
 */
final class RaggedSpikeSource implements SpikeSource {
    static final String TIMES = "/spikes/times";
    static final String UNITS = "/spikes/units";

    private final String file;
    private final Dataset times;
    private final Dataset units;
    private final int size;

    private RaggedSpikeSource(String file, Dataset times, Dataset units, int size) {
        this.file = file;
        this.times = times;
        this.units = units;
        this.size = size;
    }

    /** Checks the two datasets' shapes and types; decodes nothing. */
    static RaggedSpikeSource of(String file, Dataset times, Dataset units) {
        ShdDatasets.requireVariableLength(times, file, TIMES, FloatingPoint.class,
            "a variable-length floating-point dataset (one sequence of seconds per sample)");
        ShdDatasets.requireVariableLength(units, file, UNITS, FixedPoint.class,
            "a variable-length integer dataset (one sequence of channels per sample)");
        int n = ShdDatasets.length1d(times, file, TIMES, InputLimits.MAX_STREAMS);
        int unitCount = ShdDatasets.length1d(units, file, UNITS, InputLimits.MAX_STREAMS);
        if (unitCount != n) {
            throw new ShdInputException(file, UNITS, n + " samples (as " + TIMES + ")", unitCount + " samples");
        }
        return new RaggedSpikeSource(file, times, units, n);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ShdSample read(int index) {
        String timesField = TIMES + "[" + index + "]";
        String unitsField = UNITS + "[" + index + "]";
        float[] t = ShdArrays.times(element(times, timesField, index), file, timesField, s -> timesField + "[" + s + "]");
        int[] u = ShdArrays.units(element(units, unitsField, index), file, unitsField, s -> unitsField + "[" + s + "]",
            JhdfShdSamples.SHD_CHANNELS);
        if (u.length != t.length) {
            throw new ShdInputException(file, unitsField, t.length + " channels (one per spike time)", u.length + " channels");
        }
        return new ShdSample(t, u);
    }

    /**
     * Every sample, each whole dataset decoded in one {@link Dataset#getData()} call (the eager path:
     * jhdf resolves all global heap objects).
     */
    InMemorySpikeSource readAll() {
        Object[] allTimes = whole(times, TIMES);
        Object[] allUnits = whole(units, UNITS);
        float[][] t = new float[size][];
        int[][] u = new int[size][];
        for (int i = 0; i < size; i++) {
            int sample = i;
            t[i] = ShdArrays.times(allTimes[i], file, TIMES + "[" + i + "]", s -> TIMES + "[" + sample + "][" + s + "]");
            u[i] = ShdArrays.units(allUnits[i], file, UNITS + "[" + i + "]", s -> UNITS + "[" + sample + "][" + s + "]",
                JhdfShdSamples.SHD_CHANNELS);
            if (u[i].length != t[i].length) {
                throw new ShdInputException(file, UNITS + "[" + i + "]", t[i].length + " channels (one per spike time)",
                    u[i].length + " channels");
            }
        }
        return new InMemorySpikeSource(t, u);
    }

    private Object[] whole(Dataset dataset, String path) {
        Object data;
        try {
            data = dataset.getData();
        } catch (RuntimeException e) {
            throw JhdfErrors.unreadable(file, path, e);
        }
        if (!(data instanceof Object[]) || ((Object[]) data).length != size) {
            throw new ShdInputException(file, path, size + " variable-length sequences", ShdArrays.describe(data));
        }
        return (Object[]) data;
    }

    private Object element(Dataset dataset, String field, int index) {
        Object data;
        try {
            data = dataset.getData(new long[] {index}, new int[] {1});
        } catch (RuntimeException e) {
            throw JhdfErrors.unreadable(file, field, e);
        }
        if (!(data instanceof Object[]) || ((Object[]) data).length != 1) {
            throw new ShdInputException(file, field, "one variable-length sequence", ShdArrays.describe(data));
        }
        return ((Object[]) data)[0];
    }
}
