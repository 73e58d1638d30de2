package io.elmkit.pipeline;

import io.elmkit.io.nd.Indices;
import io.elmkit.io.event.StepBatch;

/**
 * One stream's events of one step summed per channel, as {@code predict}'s dense raster and the
 * engine's file input hold them: channels in increasing order, the values of one channel added in
 * arrival order. A model fed the sums gives the same outputs bit for bit as one fed the raster,
 * whereas feeding equal-channel events one by one rounds differently. A spike topic may carry
 * several events on a channel (one per spike, each with its time), so its readers sum here.
 */
public final class ChannelSums {
    /** Receives each channel once with its summed value. */
    @FunctionalInterface
    public interface Sink {
        void add(int channel, float value);
    }

    private int[] channels = new int[64];
    private float[] values = new float[64];

    /** Hands {@code sink} every channel of events [0, n) once, with the sum of its values, by increasing channel. */
    public void sum(int[] channel, float[] value, int n, Sink sink) {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = channel[i - 1] <= channel[i];
        }
        int[] at;
        if (sorted) {
            at = null; // the usual case (producers write a step's events by channel): no reordering
        } else {
            at = Indices.stableOrder(n, (a, b) -> Integer.compare(channel[a], channel[b]));
        }
        for (int i = 0; i < n; ) {
            int first = at == null ? i : at[i];
            int c = channel[first];
            float v = value[first];
            i++;
            while (i < n && channel[at == null ? i : at[i]] == c) {
                v += value[at == null ? i : at[i]];
                i++;
            }
            sink.add(c, v);
        }
    }

    /** The same for a step batch's events (copied into reused arrays first). */
    public void sum(StepBatch batch, Sink sink) {
        int n = batch.size();
        if (channels.length < n) {
            channels = new int[Math.max(n, channels.length * 2)];
            values = new float[channels.length];
        }
        for (int i = 0; i < n; i++) {
            channels[i] = batch.channel(i);
            values[i] = batch.value(i);
        }
        sum(channels, values, n, sink);
    }
}
