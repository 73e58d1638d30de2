package io.elmkit.sim.train;

import java.util.Arrays;

/**
 * A batch of input sequences kept sparse, as spike input is: for sequence b and step t the non-zero
 * inputs are {@code channel[i], value[i]} for i in [start(b, t), start(b, t + 1)), in increasing
 * channel order. Training reads only these, so a batch costs O(spikes) to hand over instead of
 * O(B * T * num_input). A {@link #part} is a view sharing the arrays.
 */
public final class SpikeSequences {
    private final int batch;
    private final int steps;
    private final int numInput;
    private final int[] start;
    private final int startOffset;
    private final int[] channel;
    private final float[] value;

    /**
     * Sequences from compressed rows: {@code start} has batch * steps + 1 entries (global indices
     * into {@code channel}/{@code value}, non-decreasing).
     */
    public SpikeSequences(int batch, int steps, int numInput, int[] start, int[] channel, float[] value) {
        this(batch, steps, numInput, start, 0, channel, value);
        if (start.length != batch * steps + 1) {
            throw new IllegalArgumentException("start holds " + start.length + " entries, expected batch * steps + 1 = "
                + (batch * steps + 1));
        }
        for (int i = 0; i + 1 < start.length; i++) {
            if (start[i + 1] < start[i]) {
                throw new IllegalArgumentException("start decreases at " + (i + 1));
            }
        }
        for (int i = start[0]; i < start[start.length - 1]; i++) {
            if (channel[i] < 0 || channel[i] >= numInput) {
                throw new IllegalArgumentException("event " + i + " has channel " + channel[i] + ", expected 0.."
                    + (numInput - 1));
            }
        }
    }

    private SpikeSequences(int batch, int steps, int numInput, int[] start, int startOffset, int[] channel, float[] value) {
        this.batch = batch;
        this.steps = steps;
        this.numInput = numInput;
        this.start = start;
        this.startOffset = startOffset;
        this.channel = channel;
        this.value = value;
    }

    /** The non-zero entries of dense input (batch, steps, numInput) in C order from {@code offset}. */
    public static SpikeSequences fromDense(float[] x, int offset, int batch, int steps, int numInput) {
        int rows = batch * steps;
        int[] start = new int[rows + 1];
        int[] channel = new int[64];
        float[] value = new float[64];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            start[r] = n;
            int row = offset + r * numInput;
            // Chunks of 16: an OR of the bit patterns finds the few chunks holding a spike; only
            // those are looked at value by value.
            for (int c0 = 0; c0 < numInput; c0 += 16) {
                int end = Math.min(numInput, c0 + 16);
                int bits = 0;
                if (end - c0 == 16) {
                    int base = row + c0;
                    for (int c = 0; c < 16; c++) {
                        bits |= Float.floatToRawIntBits(x[base + c]);
                    }
                    bits &= 0x7fffffff; // -0.0f is zero too (a stray -0 only costs a look)
                } else {
                    for (int c = c0; c < end; c++) {
                        bits |= Float.floatToRawIntBits(x[row + c]) & 0x7fffffff;
                    }
                }
                if (bits == 0) {
                    continue;
                }
                for (int c = c0; c < end; c++) {
                    float u = x[row + c];
                    if (u != 0f) {
                        if (n == channel.length) {
                            channel = Arrays.copyOf(channel, n * 2);
                            value = Arrays.copyOf(value, n * 2);
                        }
                        channel[n] = c;
                        value[n] = u;
                        n++;
                    }
                }
            }
        }
        start[rows] = n;
        return new SpikeSequences(batch, steps, numInput, start, 0, channel, value);
    }

    /** Sequences [first, first + count) as a view. */
    public SpikeSequences part(int first, int count) {
        if (first < 0 || count < 0 || first + count > batch) {
            throw new IllegalArgumentException("part " + first + " + " + count + " of " + batch + " sequences");
        }
        return new SpikeSequences(count, steps, numInput, start, startOffset + first * steps, channel, value);
    }

    /** Sequences in the batch. */
    public int batch() {
        return batch;
    }

    /** Steps of every sequence. */
    public int steps() {
        return steps;
    }

    /** Input channels. */
    public int numInput() {
        return numInput;
    }

    /** Index of the first event of sequence b at step t (t == steps: the end of the sequence). */
    public int start(int b, int t) {
        return start[startOffset + b * steps + t];
    }

    /** Channel of event {@code i} (an index between {@link #start} bounds). */
    public int channel(int i) {
        return channel[i];
    }

    /** Value of event {@code i}. */
    public float value(int i) {
        return value[i];
    }

    int[] startArray() {
        return start;
    }

    int startOffset(int b) {
        return startOffset + b * steps;
    }

    int[] channels() {
        return channel;
    }

    float[] values() {
        return value;
    }
}
