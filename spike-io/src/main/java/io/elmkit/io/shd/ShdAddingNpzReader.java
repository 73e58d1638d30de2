package io.elmkit.io.shd;

import static io.elmkit.io.check.Checks.inRange;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the {@code .npz} that {@code elmkit shd-adding} writes (shd-adding's {@code ShdAddingNpzWriter}) as an
 * events file, so {@code elmkit run} and {@code elmkit convert} take it as it is: sample = pair,
 * step and channel as written, value = the spike count of the bin, {@code dt_ms} = its
 * {@code bin_ms}, {@code num_steps} = 2T, labels = the digit sums.
 *
 * <p>Everything is checked before use: {@code shape} (3 integers within {@link InputLimits}),
 * {@code labels} (N integers in 0..18), {@code events} (M x 4 integers: pair in 0..N-1, step in
 * 0..2T-1, channel in 0..C-1, count {@code >= 1}, rows strictly sorted by pair, step, channel) and
 * {@code bin_ms} (positive, finite); errors name the file, the array and the row.
 */
public final class ShdAddingNpzReader {
    /** The arrays that make an {@code .npz} an SHD-Adding file (and not an events file). */
    public static final String[] REQUIRED = {"events", "shape", "labels", "bin_ms"};
    /** Largest label: (9 + 9), the sum of two digits. */
    public static final int MAX_LABEL = 18;

    private static final Set<DType> INTEGERS = EnumSet.of(DType.INT8, DType.INT16, DType.INT32, DType.INT64,
        DType.UINT8, DType.UINT16);

    private ShdAddingNpzReader() {
    }

    /** Whether the archive holds an SHD-Adding run's arrays (and no events file's {@code sample}). */
    public static boolean isShdAdding(Npz.NpzFile npz) {
        for (String name : REQUIRED) {
            if (!npz.contains(name)) {
                return false;
            }
        }
        return !npz.contains("sample");
    }

    /** Whether {@code file} (an .npz) holds an SHD-Adding run's arrays rather than an events file. */
    public static boolean isShdAdding(Path file) throws IOException {
        try (Npz.NpzFile npz = Npz.NpzFile.open(file)) {
            return isShdAdding(npz);
        }
    }

    /** An events file, or the pairs of an SHD-Adding archive as one (by the arrays it holds). */
    public static EventsFile readEventsOrPairs(Path file) throws IOException {
        return isShdAdding(file) ? read(file) : EventsFile.read(file);
    }

    /** Reads and checks {@code file}; see the class comment. */
    public static EventsFile read(Path file) throws IOException {
        String src = file.toString();
        try (Npz.NpzFile npz = Npz.NpzFile.open(file)) {
            for (String name : REQUIRED) {
                if (!npz.contains(name)) {
                    throw new InputFormatException(src, name, "an SHD-Adding array (" + String.join(", ", REQUIRED)
                        + ")", "none; the archive holds " + npz.names());
                }
            }
            NdArray shape = integers(src, "shape", npz.get("shape"), 1);
            if (shape.size() != 3) {
                throw new InputFormatException(src, "shape", "3 values [N, 2T, channels]", shape.size() + " values");
            }
            int pairs = (int) inRange(src, "shape[0] (pairs)", shape.getLong(0), 0, InputLimits.MAX_STREAMS);
            long steps = inRange(src, "shape[1] (steps)", shape.getLong(1), 1, InputLimits.MAX_STEPS);
            int channels = (int) inRange(src, "shape[2] (channels)", shape.getLong(2), 1, InputLimits.MAX_CHANNELS);

            NdArray binArray = npz.get("bin_ms");
            if (binArray.size() != 1) {
                throw new InputFormatException(src, "bin_ms", "one value", binArray.size() + " values");
            }
            double binMs = binArray.getDouble(0);
            if (!(binMs > 0) || Double.isInfinite(binMs)) {
                throw new InputFormatException(src, "bin_ms", "a positive finite number of milliseconds", Double.toString(binMs));
            }

            NdArray labelArray = integers(src, "labels", npz.get("labels"), 1);
            if (labelArray.size() != pairs) {
                throw new InputFormatException(src, "labels", pairs + " labels (shape[0])", labelArray.size() + " labels");
            }
            long[] labels = new long[pairs];
            for (int p = 0; p < pairs; p++) {
                labels[p] = inRange(src, "labels[" + p + "]", labelArray.getLong(p), 0, MAX_LABEL);
            }

            NdArray events = integers(src, "events", npz.get("events"), 2);
            if (events.dim(1) != 4) {
                throw new InputFormatException(src, "events", "rows of 4 (pair, step, channel, count)",
                    "shape " + Arrays.toString(events.shape()));
            }
            int m = events.dim(0);
            long[] sample = new long[m];
            long[] step = new long[m];
            int[] channel = new int[m];
            float[] value = new float[m];
            for (int r = 0; r < m; r++) {
                sample[r] = inRange(src, "events[" + r + ", 0] (pair)", events.getLong(4 * r), 0, pairs - 1L);
                step[r] = inRange(src, "events[" + r + ", 1] (step)", events.getLong(4 * r + 1), 0, steps - 1);
                channel[r] = (int) inRange(src, "events[" + r + ", 2] (channel)", events.getLong(4 * r + 2), 0,
                    channels - 1L);
                // counts are small integers: exact in float32 up to 2^24
                value[r] = inRange(src, "events[" + r + ", 3] (count)", events.getLong(4 * r + 3), 1, 1 << 24);
                if (r > 0 && !after(sample, step, channel, r)) {
                    throw new InputFormatException(src, "events[" + r + "]", "rows sorted by pair, step, channel without repeats",
                        "(" + sample[r] + ", " + step[r] + ", " + channel[r] + ") after (" + sample[r - 1] + ", "
                            + step[r - 1] + ", " + channel[r - 1] + ")");
                }
            }
            return new EventsFile(sample, step, channel, value, binMs, channels, steps, null, labels).withSampleCount(pairs);
        }
    }

    private static boolean after(long[] sample, long[] step, int[] channel, int r) {
        if (sample[r] != sample[r - 1]) {
            return sample[r] > sample[r - 1];
        }
        if (step[r] != step[r - 1]) {
            return step[r] > step[r - 1];
        }
        return channel[r] > channel[r - 1];
    }

    private static NdArray integers(String src, String name, NdArray a, int rank) throws InputFormatException {
        if (!INTEGERS.contains(a.dtype())) {
            throw new InputFormatException(src, name, "integers", a.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (a.rank() != rank) {
            throw new InputFormatException(src, name, rank + "-d", "shape " + Arrays.toString(a.shape()));
        }
        return a;
    }
}
