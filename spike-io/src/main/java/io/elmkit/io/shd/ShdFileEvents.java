package io.elmkit.io.shd;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.events.EventsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An SHD file (the SHD layout or the flat layout {@code shd-adding --h5} writes) as an events file:
 * the one way {@code elmkit run} and {@code elmkit convert} read SHD files, so both give the same
 * steps for the same file and step.
 *
 * <p>Steps: spike times are binned by the reference binning ({@link ReferenceBinning}: edges
 * {@code i * dt}, a spike in bin k when {@code edges[k] <= t < edges[k + 1]}). The duration is
 * taken from the data unless given: {@code num_steps} = the bin of the latest spike + 1, so every
 * spike is kept (a 2 s SHD-Adding pair keeps its second digit). With a duration D, there are the
 * reference's {@code ceil((D + dt) / dt) - 1} bins and spikes at or after the last edge are
 * dropped, as the reference loaders do with D = 1000 ms per digit.
 *
 * <p>Values: {@link Values#COUNTS} gives one event per (sample, step, channel) with the number of
 * spikes in that bin (what models are trained on; compact); {@link Values#SPIKES} one event of value
 * 1 per spike with its time in {@code time_s} (nothing of the file lost). Both feed a model the
 * same input, as the engine adds the values of one step and channel.
 *
 * <p>Every value is checked by the reader ({@link JhdfShdSamples}: units in 0..699, finite
 * times {@code >= 0}, labels, declared sizes); errors are {@link InputFormatException}s naming the
 * file and the dataset element.
 */
public final class ShdFileEvents {
    /** What an event's value is. */
    public enum Values {
        /** Spikes per (sample, step, channel) bin, no {@code time_s}. */
        COUNTS,
        /** One event of value 1 per spike, its time kept in {@code time_s}. */
        SPIKES
    }

    private ShdFileEvents() {
    }

    /**
     * Reads {@code file} whole and bins it at {@code dtMs}; {@code durationMs} null takes the
     * duration from the data (every spike kept).
     *
     * @throws InputFormatException naming the file and dataset element when it is not a valid SHD file
     * @throws IllegalArgumentException if {@code dtMs} or {@code durationMs} is not a positive finite number
     */
    public static EventsFile read(Path file, double dtMs, Double durationMs, Values values) throws IOException {
        requirePositive("dt_ms", dtMs);
        if (durationMs != null) {
            requirePositive("duration_ms", durationMs);
        }
        JhdfShdSamples samples;
        try {
            samples = JhdfShdSamples.read(file);
        } catch (ShdInputException e) {
            throw e.checked();
        }
        try {
            return of(samples, dtMs, durationMs, values);
        } catch (ShdInputException e) {
            throw e.checked();
        }
    }

    /** {@code samples} (already read and checked) as events; see {@link #read}. */
    public static EventsFile of(ShdSamples samples, double dtMs, Double durationMs, Values values) throws IOException {
        String source = samples.source();
        int size = samples.size();
        int channels = samples.numChannels();
        float maxTime = -1;
        long spikes = 0;
        for (int i = 0; i < size; i++) {
            for (float t : samples.timesSeconds(i)) {
                maxTime = Math.max(maxTime, t);
            }
            spikes += samples.units(i).length;
        }
        double stepSeconds = dtMs / 1000;
        ReferenceBinning binning;
        long numSteps;
        if (durationMs != null) {
            requireSteps(source, "duration " + durationMs + " ms", Math.ceil((durationMs / 1000 + stepSeconds) / stepSeconds) - 1, dtMs);
            binning = ReferenceBinning.of(dtMs, durationMs / 1000);
            numSteps = binning.numBins();
        } else {
            // Edges up past the latest spike (one spare bin against rounding), then trimmed to it.
            double bins = maxTime < 0 ? 1 : Math.floor(maxTime / stepSeconds) + 2;
            requireSteps(source, "/spikes/times (latest spike at " + maxTime + " s)", bins, dtMs);
            binning = ReferenceBinning.of(dtMs, bins * stepSeconds);
            numSteps = maxTime < 0 ? 1 : binning.binOf(maxTime) + 1;
        }
        long maxKey = (long) binning.numBins() * channels;
        long count = 0;
        long[] keys = new long[0];
        for (int i = 0; i < size; i++) {
            if (values == Values.SPIKES && samples.units(i).length > Long.MAX_VALUE / maxKey) {
                throw new InputFormatException(source, "/spikes/times[" + i + "]", "at most " + Long.MAX_VALUE / maxKey
                    + " spikes in one sample at " + dtMs + " ms steps", samples.units(i).length + " spikes");
            }
            int n = sortedKeys(samples, i, binning, channels, values, keys = grow(keys, samples.units(i).length));
            count += values == Values.SPIKES ? n : distinct(keys, n);
        }
        if (count > InputLimits.MAX_ARRAY_ELEMENTS) {
            throw new InputFormatException(source, "events", "at most " + InputLimits.MAX_ARRAY_ELEMENTS
                + " events in one events file", count + " events");
        }
        int total = (int) count;
        long[] sample = new long[total];
        long[] step = new long[total];
        int[] channel = new int[total];
        float[] value = new float[total];
        double[] timeS = values == Values.SPIKES ? new double[total] : null;
        long[] labels = new long[size];
        int e = 0;
        for (int i = 0; i < size; i++) {
            labels[i] = samples.label(i);
            float[] t = samples.timesSeconds(i);
            int n = sortedKeys(samples, i, binning, channels, values, keys = grow(keys, t.length));
            for (int k = 0; k < n; ) {
                long key = values == Values.SPIKES ? keys[k] / t.length : keys[k];
                int run = 1;
                if (values == Values.COUNTS) {
                    while (k + run < n && keys[k + run] == key) {
                        run++;
                    }
                } else {
                    timeS[e] = t[(int) (keys[k] % t.length)];
                }
                sample[e] = i;
                step[e] = key / channels;
                channel[e] = (int) (key % channels);
                value[e] = run;
                e++;
                k += run;
            }
        }
        return new EventsFile(sample, step, channel, value, dtMs, channels, numSteps, timeS, labels).withSampleCount(size);
    }

    /**
     * Sample {@code i}'s kept spikes as sorted keys in {@code keys[0..n)}: {@code step * C + channel}
     * (COUNTS), or that times the sample's spike count plus the spike's index (SPIKES: sorted by
     * step, channel, then file order, so {@code time_s} stays with its spike).
     */
    private static int sortedKeys(ShdSamples samples, int i, ReferenceBinning binning, int channels, Values values,
                                  long[] keys) {
        float[] t = samples.timesSeconds(i);
        int[] u = samples.units(i);
        int n = 0;
        for (int s = 0; s < t.length; s++) {
            int bin = binning.binOf(t[s]);
            if (bin < 0) {
                continue; // at or after the duration's last edge: dropped, as the reference does
            }
            long key = (long) bin * channels + u[s];
            // fits a long: the caller checked numBins * channels * spikes of the sample
            keys[n++] = values == Values.SPIKES ? key * t.length + s : key;
        }
        Arrays.sort(keys, 0, n);
        return n;
    }

    private static int distinct(long[] keys, int n) {
        int d = 0;
        for (int k = 0; k < n; k++) {
            if (k == 0 || keys[k] != keys[k - 1]) {
                d++;
            }
        }
        return d;
    }

    private static long[] grow(long[] keys, int n) {
        return keys.length >= n ? keys : new long[Math.max(n, 2 * keys.length)];
    }

    private static void requirePositive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + ": expected a positive finite number of milliseconds, found " + v);
        }
    }

    private static void requireSteps(String source, String what, double bins, double dtMs) throws InputFormatException {
        long max = Math.min(InputLimits.MAX_STEPS, ReferenceBinning.MAX_BINS);
        if (bins > max) {
            throw new InputFormatException(source, what, "at most " + max + " steps of " + dtMs + " ms"
                + (max == InputLimits.MAX_STEPS ? " (elmkit.limit.steps)" : " (the binning's limit)"),
                bins < 1e15 ? String.format(java.util.Locale.ROOT, "%.0f steps", bins)
                    : String.format(java.util.Locale.ROOT, "%.3g steps", bins));
        }
    }
}
