package io.elmkit.io.events;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.io.npy.NpzWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The events {@code .npz} of docs/formats.md: parallel arrays {@code sample} (int64), {@code step}
 * (int64), {@code channel} (int32), {@code value} (float32), sorted by sample, step, channel; scalars
 * {@code dt_ms}, {@code num_channels}, {@code num_steps}; optional {@code time_s} (float64, per
 * event) and {@code labels} (int64, per sample).
 */
public final class EventsFile {
    public final long[] sample;
    public final long[] step;
    public final int[] channel;
    public final float[] value;
    public final double dtMs;
    public final long numChannels;
    public final long numSteps;
    public final double[] timeS;
    public final long[] labels;

    public EventsFile(long[] sample, long[] step, int[] channel, float[] value, double dtMs, long numChannels,
                      long numSteps, double[] timeS, long[] labels) {
        this.sample = sample;
        this.step = step;
        this.channel = channel;
        this.value = value;
        this.dtMs = dtMs;
        this.numChannels = numChannels;
        this.numSteps = numSteps;
        this.timeS = timeS;
        this.labels = labels;
    }

    public int size() {
        return sample.length;
    }

    /** Number of samples: labels' length when present, else the largest sample index + 1. */
    public long numSamples() {
        if (declaredSamples >= 0) {
            return declaredSamples;
        }
        if (labels != null) {
            return labels.length;
        }
        return sample.length == 0 ? 0 : sample[sample.length - 1] + 1;
    }

    /**
     * The events of a dense raster (B, T, C) in C order: every non-zero entry one event (sample b,
     * step t, channel c, the value), no labels.
     */
    public static EventsFile fromDense(float[] raster, int batch, int steps, int channels, double dtMs) {
        if ((long) batch * steps * channels != raster.length) {
            throw new IllegalArgumentException("raster holds " + raster.length + " values, expected B * T * C = "
                + batch + " * " + steps + " * " + channels);
        }
        int n = 0;
        for (float v : raster) {
            n += v != 0f ? 1 : 0;
        }
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        int k = 0;
        for (int i = 0; i < raster.length; i++) {
            if (raster[i] != 0f) {
                sample[k] = i / ((long) steps * channels);
                step[k] = (i / channels) % steps;
                channel[k] = i % channels;
                value[k] = raster[i];
                k++;
            }
        }
        long[] labels = null;
        EventsFile f = new EventsFile(sample, step, channel, value, dtMs, channels, steps, null, labels);
        return f.withSampleCount(batch);
    }

    private long declaredSamples = -1;

    /** The same events declaring {@code samples} samples (silent samples at the end count too). */
    public EventsFile withSampleCount(long samples) {
        EventsFile f = new EventsFile(sample, step, channel, value, dtMs, numChannels, numSteps, timeS, labels);
        f.declaredSamples = samples;
        return f;
    }

    /** Reads and validates an events file; errors name the file and the array. */
    public static EventsFile read(Path file) throws IOException {
        String src = file.toString();
        try (Npz.NpzFile z = Npz.NpzFile.open(file)) {
            for (String key : new String[] {"sample", "step", "channel", "value", "dt_ms", "num_channels", "num_steps"}) {
                if (!z.contains(key)) {
                    throw new InputFormatException(src, key, "an array '" + key + "' (an events file holds sample, step,"
                        + " channel, value, dt_ms, num_channels, num_steps)", "none (arrays present: " + z.names() + ")");
                }
            }
            // The scalars first: they bound everything else, and a bad one is refused before any big array is read.
            double dtMs = scalar(z, src, "dt_ms");
            if (!(dtMs > 0) || !Double.isFinite(dtMs)) {
                throw new InputFormatException(src, "dt_ms", "a positive finite step in ms", Double.toString(dtMs));
            }
            long numChannels = count(z, src, "num_channels", InputLimits.MAX_CHANNELS);
            long numSteps = count(z, src, "num_steps", InputLimits.MAX_STEPS);
            long[] sample = integers(z, src, "sample");
            long[] step = integers(z, src, "step");
            long[] channel = integers(z, src, "channel");
            int[] channel32 = new int[channel.length];
            int lastChannel = (int) Math.min(numChannels - 1, Integer.MAX_VALUE); // channels are ints
            for (int i = 0; i < channel.length; i++) {
                channel32[i] = Checks.elementToInt(src, "channel", i, channel[i], 0, lastChannel);
            }
            NdArray value = z.get("value");
            requireFloating(src, "value", value);
            double[] timeS = null;
            if (z.contains("time_s")) {
                NdArray t = z.get("time_s");
                requireFloating(src, "time_s", t);
                timeS = t.toDoubleArray();
            }
            long[] labels = z.contains("labels") ? integers(z, src, "labels") : null;
            EventsFile f = new EventsFile(sample, step, channel32, value.toFloatArray(), dtMs, numChannels, numSteps,
                timeS, labels);
            f.validate(src);
            return f;
        }
    }

    /** A scalar count in 1 .. max: an integer, or a float holding a whole number (never rounded). */
    private static long count(Npz.NpzFile z, String src, String name, long max) throws IOException {
        NdArray a = z.get(name);
        if (a.size() == 1 && a.rank() <= 1 && !a.dtype().isFloatingPoint() && a.dtype() != DType.BOOL) {
            return Checks.inRange(src, name, a.getLong(0), 1, max);
        }
        return Checks.wholeNumber(src, name, scalar(z, src, name), 1, max);
    }

    /** A one-element array as a double (integer dtypes widened exactly up to 2^53). */
    private static double scalar(Npz.NpzFile z, String src, String name) throws IOException {
        NdArray a = z.get(name);
        if (a.size() != 1 || a.rank() > 1) {
            throw new InputFormatException(src, name, "a scalar", "shape " + java.util.Arrays.toString(a.shape()));
        }
        if (a.dtype() == DType.BOOL) {
            throw new InputFormatException(src, name, "a number", "a bool");
        }
        if (a.dtype() == DType.INT64) {
            long v = a.getLong(0);
            // Beyond 2^53 a double loses the exact value; every limit is far below, so clamp for the range check.
            return Math.abs(v) < (1L << 53) ? v : v < 0 ? -0x1p60 : 0x1p60;
        }
        return a.getDouble(0);
    }

    /** A 1-D integer array as longs; floats are refused instead of being rounded. */
    private static long[] integers(Npz.NpzFile z, String src, String name) throws IOException {
        NdArray a = z.get(name);
        if (a.rank() != 1) {
            throw new InputFormatException(src, name, "a 1-D array", "shape " + java.util.Arrays.toString(a.shape()));
        }
        if (a.dtype().isFloatingPoint() || a.dtype() == DType.BOOL) {
            throw new InputFormatException(src, name, "an integer dtype (int64)",
                a.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
        return a.toLongArray();
    }

    private static void requireFloating(String src, String name, NdArray a) throws InputFormatException {
        if (a.rank() != 1) {
            throw new InputFormatException(src, name, "a 1-D array", "shape " + java.util.Arrays.toString(a.shape()));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new InputFormatException(src, name, "a floating-point dtype (float32/float64)",
                a.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Checks sizes, lengths, ranges, finiteness and order; {@code source} names the file in errors.
     * Samples are bounded by labels' length when present, else by {@link InputLimits#MAX_STREAMS}, so a
     * forged sample id cannot make a reader allocate a stream per id.
     */
    public void validate(String source) throws IOException {
        int n = sample.length;
        Checks.inRange(source, "num_steps", numSteps, 1, InputLimits.MAX_STEPS);
        Checks.inRange(source, "num_channels", numChannels, 1, InputLimits.MAX_CHANNELS);
        Checks.finite(source, "dt_ms", dtMs);
        String[] names = {"step", "channel", "value", "time_s"};
        int[] lengths = {step.length, channel.length, value.length, timeS == null ? n : timeS.length};
        for (int k = 0; k < names.length; k++) {
            if (lengths[k] != n) {
                throw new InputFormatException(source, names[k], n + " events (the length of sample)",
                    lengths[k] + " events");
            }
        }
        long maxSample = (labels != null ? labels.length : declaredSamples >= 0 ? declaredSamples
            : InputLimits.MAX_STREAMS) - 1;
        if (labels != null) {
            Checks.inRange(source, "labels", labels.length, 0, InputLimits.MAX_STREAMS);
        }
        Checks.requireFinite(source, "value", value);
        for (int i = 0; i < n; i++) {
            if (channel[i] < 0 || channel[i] >= numChannels) {
                Checks.inRange(source, "channel[" + i + "]", channel[i], 0, numChannels - 1);
            }
            if (step[i] < 0 || step[i] >= numSteps) {
                Checks.inRange(source, "step[" + i + "]", step[i], 0, numSteps - 1);
            }
            if (sample[i] < 0 || sample[i] > maxSample) {
                throw new InputFormatException(source, "sample[" + i + "]", "0 .. " + maxSample
                    + (labels != null ? " (labels holds " + labels.length + " samples)" : " (elmkit.limit.streams)"),
                    Long.toString(sample[i]));
            }
            if (timeS != null && !Double.isFinite(timeS[i])) {
                throw new InputFormatException(source, "time_s[" + i + "]", "a finite number", Double.toString(timeS[i]));
            }
            if (i > 0 && compare(i - 1, i) > 0) {
                throw new InputFormatException(source, "event " + i, "events sorted by sample, step, channel",
                    "(" + sample[i] + ", " + step[i] + ", " + channel[i] + ") after (" + sample[i - 1] + ", "
                        + step[i - 1] + ", " + channel[i - 1] + ")");
            }
        }
    }

    private int compare(int a, int b) {
        int c = Long.compare(sample[a], sample[b]);
        if (c == 0) {
            c = Long.compare(step[a], step[b]);
        }
        return c != 0 ? c : Integer.compare(channel[a], channel[b]);
    }

    /** Writes this events file (deflated entries, as {@code np.savez_compressed}). */
    public void write(Path file) throws IOException {
        try (NpzWriter npz = NpzWriter.create(file, true)) {
            writeTo(npz);
        }
    }

    /**
     * Writes this events file's arrays into an archive being written, each streamed from its array
     * (no copies); a file that extends the layout (a NeuronIO trace file) adds its own entries after.
     * This is the one writer of the events layout.
     */
    public void writeTo(NpzWriter npz) throws IOException {
        int n = sample.length;
        npz.add("sample", NdArray.ofLongs(sample, n));
        npz.add("step", NdArray.ofLongs(step, n));
        npz.add("channel", NdArray.ofInts(channel, n));
        npz.add("value", NdArray.ofFloats(value, n));
        npz.add("dt_ms", NdArray.scalarDouble(dtMs));
        npz.add("num_channels", NdArray.scalarLong(numChannels));
        npz.add("num_steps", NdArray.scalarLong(numSteps));
        if (timeS != null) {
            npz.add("time_s", NdArray.ofDoubles(timeS, n));
        }
        if (labels != null) {
            npz.add("labels", NdArray.ofLongs(labels, labels.length));
        }
    }

    /**
     * The same events sorted by sample, step, channel, as the layout requires; events equal in all
     * three keep their order (a stable merge sort of indices, no boxing).
     */
    public EventsFile sorted() {
        int n = sample.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] scratch = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                merge(order, scratch, lo, lo + width, Math.min(lo + 2 * width, n));
            }
        }
        float[] sortedValue = new float[n];
        for (int i = 0; i < n; i++) {
            sortedValue[i] = value[order[i]];
        }
        EventsFile f = new EventsFile(Arrays.stream(order).mapToLong(o -> sample[o]).toArray(),
            Arrays.stream(order).mapToLong(o -> step[o]).toArray(), Arrays.stream(order).map(o -> channel[o]).toArray(),
            sortedValue, dtMs, numChannels, numSteps,
            timeS == null ? null : Arrays.stream(order).mapToDouble(o -> timeS[o]).toArray(), labels);
        f.declaredSamples = declaredSamples;
        return f;
    }

    /** Merges the sorted runs order[lo, mid) and order[mid, hi), the left first among equals. */
    private void merge(int[] order, int[] scratch, int lo, int mid, int hi) {
        System.arraycopy(order, lo, scratch, lo, hi - lo);
        int a = lo;
        int b = mid;
        for (int k = lo; k < hi; k++) {
            order[k] = b >= hi || a < mid && compare(scratch[a], scratch[b]) <= 0 ? scratch[a++] : scratch[b++];
        }
    }
}
