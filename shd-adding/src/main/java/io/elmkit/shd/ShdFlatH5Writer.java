package io.elmkit.shd;

import io.elmkit.io.shd.ShdSamples;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;

/**
 * Writes SHD samples (here: {@link ConcatenatedPairs}) to HDF5 in the flat SHD layout, because jhdf
 * (0.13) cannot write variable-length datasets:
 * <ul>
 *   <li>{@code /spikes/times} float32 (S,): every sample's spike times in seconds, one after the other;</li>
 *   <li>{@code /spikes/units} int16 (S,): the channel of each spike;</li>
 *   <li>{@code /spikes/offsets} int64 (N + 1,): sample i is {@code [offsets[i], offsets[i + 1])};</li>
 *   <li>{@code /labels} int16 (N,).</li>
 * </ul>
 * Reading sample i with h5py:
 * <pre>
 *   f = h5py.File(path); o = f['spikes/offsets']
 *   t, u, y = f['spikes/times'][o[i]:o[i+1]], f['spikes/units'][o[i]:o[i+1]], f['labels'][i]
 * </pre>
 * jhdf writes whole datasets, so the spikes of all samples are held in memory while writing
 * (6 bytes per spike).
 */
public final class ShdFlatH5Writer {
    private ShdFlatH5Writer() {
    }

    /**
     * Writes {@code samples} to {@code file}, with string attributes on the root group
     * ({@code attributes} as name, value, name, value...).
     */
    public static void write(ShdSamples samples, Path file, String... attributes) {
        int n = samples.size();
        long[] offsets = new long[n + 1];
        short[] labels = new short[n];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + samples.units(i).length;
            labels[i] = (short) samples.label(i);
        }
        int total = Math.toIntExact(offsets[n]);
        float[] times = new float[total];
        short[] units = new short[total];
        for (int i = 0; i < n; i++) {
            float[] t = samples.timesSeconds(i);
            int[] u = samples.units(i);
            if (t.length != u.length || t.length != offsets[i + 1] - offsets[i]) {
                throw new IllegalStateException(samples.source() + ": sample " + i + ": expected " + (offsets[i + 1] - offsets[i])
                    + " times and units, found " + t.length + " times, " + u.length + " units");
            }
            System.arraycopy(t, 0, times, (int) offsets[i], t.length);
            for (int s = 0; s < u.length; s++) {
                if (u[s] < Short.MIN_VALUE || u[s] > Short.MAX_VALUE) {
                    throw new IllegalArgumentException(samples.source() + ": sample " + i + " spike " + s + ": expected a unit fitting int16, found " + u[s]);
                }
                units[(int) offsets[i] + s] = (short) u[s];
            }
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            for (int a = 0; a + 1 < attributes.length; a += 2) {
                hdf.putAttribute(attributes[a], attributes[a + 1]);
            }
            WritableGroup spikes = hdf.putGroup("spikes");
            spikes.putDataset("times", times);
            spikes.putDataset("units", units);
            spikes.putDataset("offsets", offsets);
            hdf.putDataset("labels", labels);
        }
    }
}
