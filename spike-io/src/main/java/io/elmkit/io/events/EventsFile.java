package io.elmkit.io.events;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * The events {@code .npz} of spec section 5: parallel arrays {@code sample} (int64), {@code step}
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
                    throw new IOException(src + ": " + key + ": missing array (an events file holds sample, step, channel,"
                        + " value, dt_ms, num_channels, num_steps; found " + z.names() + ")");
                }
            }
            EventsFile f = new EventsFile(z.get("sample").toLongArray(), z.get("step").toLongArray(),
                z.get("channel").toIntArray(), z.get("value").toFloatArray(), z.get("dt_ms").getDouble(0),
                z.get("num_channels").getLong(0), z.get("num_steps").getLong(0),
                z.contains("time_s") ? z.get("time_s").toDoubleArray() : null,
                z.contains("labels") ? z.get("labels").toLongArray() : null);
            f.validate(src);
            return f;
        }
    }

    /** Checks lengths, ranges and order; {@code source} names the file in errors. */
    public void validate(String source) throws IOException {
        int n = sample.length;
        if (step.length != n || channel.length != n || value.length != n || (timeS != null && timeS.length != n)) {
            throw new IOException(source + ": step/channel/value/time_s: lengths differ from sample (" + n + ")");
        }
        for (int i = 0; i < n; i++) {
            if (channel[i] < 0 || channel[i] >= numChannels) {
                throw new IOException(source + ": channel: event " + i + " has channel " + channel[i] + ", expected 0.."
                    + (numChannels - 1));
            }
            if (step[i] < 0 || (numSteps > 0 && step[i] >= numSteps) || sample[i] < 0) {
                throw new IOException(source + ": step: event " + i + " (sample " + sample[i] + ", step " + step[i]
                    + ") outside 0.." + (numSteps - 1));
            }
            if (i > 0 && compare(i - 1, i) > 0) {
                throw new IOException(source + ": events are not sorted by sample, step, channel at event " + i);
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

    public void write(Path file) throws IOException {
        int n = sample.length;
        LinkedHashMap<String, NdArray> a = new LinkedHashMap<>();
        a.put("sample", NdArray.ofLongs(sample, n));
        a.put("step", NdArray.ofLongs(step, n));
        a.put("channel", NdArray.ofInts(channel, n));
        a.put("value", NdArray.ofFloats(value, n));
        a.put("dt_ms", NdArray.scalarDouble(dtMs));
        a.put("num_channels", NdArray.scalarLong(numChannels));
        a.put("num_steps", NdArray.scalarLong(numSteps));
        if (timeS != null) {
            a.put("time_s", NdArray.ofDoubles(timeS, n));
        }
        if (labels != null) {
            a.put("labels", NdArray.ofLongs(labels, labels.length));
        }
        Npz.write(file, a, true);
    }
}
