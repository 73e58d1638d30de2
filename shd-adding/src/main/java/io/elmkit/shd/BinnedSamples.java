package io.elmkit.shd;

import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdInputException;

import io.elmkit.io.shd.ShdSamples;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * The samples of an SHD source binned once with a {@link ReferenceBinning} and kept compact: per
 * sample one sorted {@code int[]} of keys {@code step << channelBits | channel}, a key repeated once
 * per spike (so a run of equal keys is a count), i.e. 4 bytes per kept spike, the size of the source.
 * Samples are binned on first use, each at most once, from any thread.
 *
 * <p>Checks every sample when it is binned and refuses bad input with a {@link ShdInputException}:
 * a label outside {@code 0 .. numClasses - 1}, a unit outside {@code 0 .. numChannels - 1}, a
 * negative or NaN time, times and units of different lengths. Empty samples (no spike, or none
 * before the cutoff) are legal: they contribute no events, as in the reference.
 */
public final class BinnedSamples {
    /** SHD labels: 0-9 English digits, 10-19 German digits. */
    public static final int NUM_SHD_CLASSES = 20;

    private final ShdSamples source;
    private final ReferenceBinning binning;
    private final int numChannels;
    private final int channelBits;
    private final int channelMask;
    private final AtomicReferenceArray<int[]> keys;
    private final int[] distinct;
    private final int[] labels;

    /**
     * Binned view of {@code source}; reads all labels now (checking them) and spikes lazily.
     *
     * @throws ShdInputException if the source has no samples, no channels, or a label outside 0..19
     */
    public BinnedSamples(ShdSamples source, ReferenceBinning binning) {
        this.source = source;
        this.binning = binning;
        int size = source.size();
        if (size <= 0) {
            throw new ShdInputException(source.source(), "/labels", "at least one sample", size + " samples");
        }
        this.numChannels = source.numChannels();
        if (numChannels <= 0) {
            throw new ShdInputException(source.source(), "number of channels", "at least 1", Integer.toString(numChannels));
        }
        this.channelBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, numChannels - 1));
        this.channelMask = (1 << channelBits) - 1;
        if ((long) binning.numBins() << channelBits > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "bin_ms: " + binning.binMs() + " ms gives " + binning.numBins() + " bins, too many for " + numChannels + " channels");
        }
        this.keys = new AtomicReferenceArray<>(size);
        this.distinct = new int[size];
        this.labels = new int[size];
        for (int i = 0; i < size; i++) {
            int label = source.label(i);
            if (label < 0 || label >= NUM_SHD_CLASSES) {
                throw new ShdInputException(source.source(), "/labels[" + i + "]", "a label in 0.." + (NUM_SHD_CLASSES - 1), Integer.toString(label));
            }
            labels[i] = label;
        }
    }

    /** The underlying samples. */
    public ShdSamples source() {
        return source;
    }

    /** The binning applied. */
    public ReferenceBinning binning() {
        return binning;
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Number of channels. */
    public int numChannels() {
        return numChannels;
    }

    /** Bits of a key holding the channel; the step is {@code key >>> channelBits()}. */
    public int channelBits() {
        return channelBits;
    }

    /** Mask of a key's channel bits. */
    public int channelMask() {
        return channelMask;
    }

    /** Label of sample {@code index} (0..19). */
    public int label(int index) {
        return labels[index];
    }

    /**
     * The sorted keys of sample {@code index}, one per kept spike (not a copy: do not modify).
     *
     * @throws ShdInputException if the sample holds a bad time or unit
     */
    public int[] keys(int index) {
        int[] cached = keys.get(index);
        if (cached == null) {
            cached = bin(index);
            // Written before the keys are published, so any reader of the keys sees it.
            distinct[index] = countDistinct(cached);
            if (!keys.compareAndSet(index, null, cached)) {
                cached = keys.get(index);
            }
        }
        return cached;
    }

    /** Number of distinct (step, channel) entries of sample {@code index}: its rows in the output. */
    public int distinctEvents(int index) {
        keys(index);
        return distinct[index];
    }

    private static int countDistinct(int[] k) {
        int distinct = 0;
        for (int i = 0; i < k.length; i++) {
            if (i == 0 || k[i] != k[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    /**
     * Bins every sample now, on up to {@code threads} threads (samples are independent), so that all
     * input is checked before anything is written.
     *
     * @throws ShdInputException for the first bad sample found
     */
    public void binAll(int threads) {
        int size = size();
        if (threads <= 1) {
            for (int i = 0; i < size; i++) {
                keys(i);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, size).parallel().forEach(this::keys)).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("binning " + source.source() + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binning " + source.source(), e);
        } finally {
            pool.shutdown();
        }
    }

    private int[] bin(int index) {
        float[] times;
        int[] units;
        // Sources (e.g. an HDF5 reader) need not be thread-safe; reading is short next to binning.
        synchronized (source) {
            times = source.timesSeconds(index);
            units = source.units(index);
        }
        String file = source.source();
        if (times.length != units.length) {
            throw new ShdInputException(file, "/spikes/units[" + index + "]",
                times.length + " units (one per spike time)", units.length + " units");
        }
        int[] out = new int[times.length];
        int kept = 0;
        boolean sorted = true;
        int previous = Integer.MIN_VALUE;
        for (int s = 0; s < times.length; s++) {
            float t = times[s];
            if (!(t >= 0)) {
                throw new ShdInputException(file, "/spikes/times[" + index + "][" + s + "]", "a time >= 0 s", Float.toString(t));
            }
            int unit = units[s];
            if (unit < 0 || unit >= numChannels) {
                throw new ShdInputException(file, "/spikes/units[" + index + "][" + s + "]",
                    "a channel in 0.." + (numChannels - 1), Integer.toString(unit));
            }
            int bin = binning.binOf(t);
            if (bin < 0) {
                continue;
            }
            int key = bin << channelBits | unit;
            sorted &= key >= previous;
            previous = key;
            out[kept++] = key;
        }
        if (kept != out.length) {
            out = Arrays.copyOf(out, kept);
        }
        if (!sorted) {
            Arrays.sort(out);
        }
        return out;
    }
}
