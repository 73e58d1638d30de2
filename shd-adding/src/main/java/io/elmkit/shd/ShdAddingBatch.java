package io.elmkit.shd;

import io.elmkit.io.nd.Indices;
import io.elmkit.io.nd.NdArray;
import java.util.Arrays;

/**
 * One batch of SHD-Adding pairs, sparse: per pair the two sample indices and the label, and the
 * non-zero inputs as events (pair in batch, step, channel, count) sorted by pair, step, channel.
 * Steps {@code 0 .. T-1} hold the first digit, {@code T .. 2T-1} the second. The arrays are reused
 * from batch to batch: a consumer that keeps a batch copies what it needs.
 *
 * <p>Dense form on request: {@link #fillDense(float[])} / {@link #toDense()} give the reference's
 * {@code (B, 2T, C)} float32 input.
 */
public final class ShdAddingBatch {
    private final int capacity;
    private final int stepsPerDigit;
    private final int numChannels;
    private final int[] firstSamples;
    private final int[] secondSamples;
    private final int[] labels;
    private int size;
    private long firstPair;
    private int numEvents;
    private int[] eventPairs = new int[0];
    private int[] eventSteps = new int[0];
    private int[] eventChannels = new int[0];
    private int[] eventCounts = new int[0];

    /** An empty batch for up to {@code capacity} pairs of {@code 2 * stepsPerDigit} steps. */
    public ShdAddingBatch(int capacity, int stepsPerDigit, int numChannels) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("batch size: expected >= 1, found " + capacity);
        }
        this.capacity = capacity;
        this.stepsPerDigit = stepsPerDigit;
        this.numChannels = numChannels;
        this.firstSamples = new int[capacity];
        this.secondSamples = new int[capacity];
        this.labels = new int[capacity];
    }

    /** Most pairs this batch can hold. */
    public int capacity() {
        return capacity;
    }

    /** Pairs in this batch. */
    public int size() {
        return size;
    }

    /** Number (over the whole run) of this batch's first pair. */
    public long firstPair() {
        return firstPair;
    }

    /** T: steps per digit. */
    public int stepsPerDigit() {
        return stepsPerDigit;
    }

    /** 2T: steps per pair. */
    public int numSteps() {
        return 2 * stepsPerDigit;
    }

    /** Input channels (700 for SHD). */
    public int numChannels() {
        return numChannels;
    }

    /** Sample index of pair {@code i}'s first digit. */
    public int firstSample(int i) {
        checkPair(i);
        return firstSamples[i];
    }

    /** Sample index of pair {@code i}'s second digit. */
    public int secondSample(int i) {
        checkPair(i);
        return secondSamples[i];
    }

    /** Label of pair {@code i}: (label1 mod 10) + (label2 mod 10), 0..18. */
    public int label(int i) {
        checkPair(i);
        return labels[i];
    }

    /** Non-zero (pair, step, channel) entries in this batch. */
    public int numEvents() {
        return numEvents;
    }

    /** Pair (index in this batch) of event {@code e}. */
    public int eventPair(int e) {
        return eventPairs[e];
    }

    /** Step (0 .. 2T-1) of event {@code e}. */
    public int eventStep(int e) {
        return eventSteps[e];
    }

    /** Channel of event {@code e}. */
    public int eventChannel(int e) {
        return eventChannels[e];
    }

    /** Spike count of event {@code e} (duplicates summed, >= 1). */
    public int eventCount(int e) {
        return eventCounts[e];
    }

    /** Index of the first event of pair {@code i} (events of pair i are {@code [start(i), start(i + 1))}). */
    public int firstEventOf(int i) {
        return Indices.lowerBound(numEvents, e -> eventPairs[e] < i);
    }

    /**
     * Writes the dense input, {@code (size, 2T, C)} in C order, into {@code out[0 .. size*2T*C)}
     * (zeroed first). Allocation-free.
     */
    public void fillDense(float[] out) {
        long needed = (long) size * numSteps() * numChannels;
        if (out.length < needed) {
            throw new IllegalArgumentException("dense buffer: expected at least " + needed + " floats (" + size + " x " + numSteps()
                + " x " + numChannels + "), found " + out.length);
        }
        Arrays.fill(out, 0, (int) needed, 0f);
        int perPair = numSteps() * numChannels;
        for (int e = 0; e < numEvents; e++) {
            out[eventPairs[e] * perPair + eventSteps[e] * numChannels + eventChannels[e]] = eventCounts[e];
        }
    }

    /** The dense input as a new float32 array of shape {@code (size, 2T, C)}. */
    public NdArray toDense() {
        float[] dense = new float[Math.toIntExact((long) size * numSteps() * numChannels)];
        fillDense(dense);
        return NdArray.ofFloats(dense, size, numSteps(), numChannels);
    }

    /** The labels as a new int64 array of shape {@code (size,)}. */
    public NdArray labelsArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = labels[i];
        }
        return NdArray.ofLongs(out, size);
    }

    private void checkPair(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("pair " + i + " of a batch of " + size);
        }
    }

    // ---- filled by ShdAddingGenerator -------------------------------------------------------

    void reset(long firstPair, int size) {
        this.firstPair = firstPair;
        this.size = size;
        this.numEvents = 0;
    }

    int[] firstSamples() {
        return firstSamples;
    }

    int[] secondSamples() {
        return secondSamples;
    }

    void setLabel(int i, int label) {
        labels[i] = label;
    }

    void ensureEventCapacity(int events) {
        if (eventPairs.length < events) {
            int capacityEvents = Math.max(events, (int) Math.min(Integer.MAX_VALUE - 8, eventPairs.length * 3L / 2));
            eventPairs = Arrays.copyOf(eventPairs, capacityEvents);
            eventSteps = Arrays.copyOf(eventSteps, capacityEvents);
            eventChannels = Arrays.copyOf(eventChannels, capacityEvents);
            eventCounts = Arrays.copyOf(eventCounts, capacityEvents);
        }
    }

    /** Appends the events of one digit (sorted keys with repeats) of pair {@code pair}, steps offset by {@code stepOffset}. */
    void appendDigit(int pair, int[] keys, int stepOffset, int channelBits, int channelMask) {
        int e = numEvents;
        int n = keys.length;
        int i = 0;
        while (i < n) {
            int key = keys[i];
            int run = i + 1;
            while (run < n && keys[run] == key) {
                run++;
            }
            eventPairs[e] = pair;
            eventSteps[e] = (key >>> channelBits) + stepOffset;
            eventChannels[e] = key & channelMask;
            eventCounts[e] = run - i;
            e++;
            i = run;
        }
        numEvents = e;
    }
}
