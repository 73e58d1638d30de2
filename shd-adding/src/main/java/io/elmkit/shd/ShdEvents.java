package io.elmkit.shd;

import io.elmkit.io.events.EventsFile;
import java.util.List;

/**
 * SHD data as events files (docs/formats.md, Events file) in the binning models are trained on: one sample per
 * SHD sample or SHD-Adding pair, value = spike count of the (step, channel) bin, labels kept.
 */
public final class ShdEvents {
    private ShdEvents() {
    }

    /** Every sample of {@code samples}, binned by the reference binning; T = the binning's bins. */
    public static EventsFile of(BinnedSamples samples) {
        int mask = samples.channelMask();
        int bits = samples.channelBits();
        long total = 0;
        for (int i = 0; i < samples.size(); i++) {
            total += samples.distinctEvents(i);
        }
        int n = Math.toIntExact(total);
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        long[] labels = new long[samples.size()];
        int e = 0;
        for (int i = 0; i < samples.size(); i++) {
            labels[i] = samples.label(i);
            int[] keys = samples.keys(i);
            for (int k = 0; k < keys.length; ) {
                int key = keys[k];
                int count = 0;
                while (k < keys.length && keys[k] == key) {
                    count++;
                    k++;
                }
                sample[e] = i;
                step[e] = key >>> bits;
                channel[e] = key & mask;
                value[e] = count;
                e++;
            }
        }
        return new EventsFile(sample, step, channel, value, samples.binning().binMs(), samples.numChannels(),
            samples.binning().numBins(), null, labels).withSampleCount(samples.size());
    }

    /** The pairs of SHD-Adding batches, in order: sample = pair, T = 2 * bins per digit, label = the sum. */
    public static EventsFile of(List<ShdAddingBatch> batches, double binMs) {
        int pairs = 0;
        int events = 0;
        for (ShdAddingBatch b : batches) {
            pairs += b.size();
            events += b.numEvents();
        }
        long[] sample = new long[events];
        long[] step = new long[events];
        int[] channel = new int[events];
        float[] value = new float[events];
        long[] labels = new long[pairs];
        int e = 0;
        int base = 0;
        int steps = 0;
        int channels = 0;
        for (ShdAddingBatch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                labels[base + i] = b.label(i);
            }
            for (int k = 0; k < b.numEvents(); k++, e++) {
                sample[e] = base + b.eventPair(k);
                step[e] = b.eventStep(k);
                channel[e] = b.eventChannel(k);
                value[e] = b.eventCount(k);
            }
            base += b.size();
            steps = b.numSteps();
            channels = b.numChannels();
        }
        return new EventsFile(sample, step, channel, value, binMs, channels, steps, null, labels).withSampleCount(pairs);
    }
}
