package io.elmkit.io.shd;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;

/**
 * Writes {@link ShdSamples} to HDF5 in the flat SHD layout. Not the SHD layout itself: that needs
 * variable-length datasets, which jhdf 0.13 cannot write (its writer encodes fixed-size numbers and
 * strings only), and no maintained pure-Java library on Maven Central writes them either (the
 * HDF Group's own bindings and the bytedeco presets need the native HDF5 library).
 * <ul>
 *   <li>{@code /spikes/times} float32 (S,): every sample's spike times in seconds, one sample after
 *   the other (float16 times of SHD files are exact in float32);</li>
 *   <li>{@code /spikes/units} int16 (S,): the channel of each spike;</li>
 *   <li>{@code /spikes/offsets} int64 (N + 1,): sample i is {@code [offsets[i], offsets[i + 1])};</li>
 *   <li>{@code /labels} int16 (N,).</li>
 * </ul>
 * {@link JhdfShdSamples} reads it back (lazily or whole). Reading sample i with h5py:
 * <pre>
 *   f = h5py.File(path); o = f['spikes/offsets']; t, u, y = f['spikes/times'][o[i]:o[i+1]], f['spikes/units'][o[i]:o[i+1]], f['labels'][i]
 * </pre>
 * or every sample as the SHD layout's ragged lists:
 * <pre>
 *   times, units = (numpy.split(f['spikes/' + k][:], f['spikes/offsets'][1:-1]) for k in ('times', 'units'))
 * </pre>
 * jhdf writes whole datasets, so the spikes of all samples are held in memory while writing
 * (6 bytes per spike).
 */
public final class ShdFlatWriter {
    private ShdFlatWriter() {
    }

    /**
     * Writes {@code samples} to {@code file}, with string attributes on the root group
     * ({@code attributes} as name, value, name, value...).
     *
     * @throws ShdInputException when a sample's times and units differ in length or a unit or label
     *     does not fit int16 (naming the source, sample and spike)
     */
    public static void write(ShdSamples samples, Path file, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException(file + ": attributes: expected name, value pairs, found "
                + attributes.length + " strings");
        }
        int n = samples.size();
        long[] offsets = new long[n + 1];
        short[] labels = new short[n];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + samples.units(i).length;
            labels[i] = int16(samples.label(i), samples.source(), "label[" + i + "]");
        }
        if (offsets[n] > Integer.MAX_VALUE - 8) {
            throw new ShdInputException(samples.source(), "spikes", "at most " + (Integer.MAX_VALUE - 8)
                + " spikes in one flat file", offsets[n] + " spikes");
        }
        int total = (int) offsets[n];
        float[] times = new float[total];
        short[] units = new short[total];
        for (int i = 0; i < n; i++) {
            float[] t = samples.timesSeconds(i);
            int[] u = samples.units(i);
            int expected = (int) (offsets[i + 1] - offsets[i]);
            if (t.length != expected || u.length != expected) {
                throw new ShdInputException(samples.source(), "sample " + i, expected + " times and units",
                    t.length + " times, " + u.length + " units");
            }
            System.arraycopy(t, 0, times, (int) offsets[i], t.length);
            for (int s = 0; s < u.length; s++) {
                units[(int) offsets[i] + s] = int16(u[s], samples.source(), "units[" + i + "][" + s + "]");
            }
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            for (int a = 0; a < attributes.length; a += 2) {
                hdf.putAttribute(attributes[a], attributes[a + 1]);
            }
            WritableGroup spikes = hdf.putGroup("spikes");
            spikes.putDataset("times", times);
            spikes.putDataset("units", units);
            spikes.putDataset("offsets", offsets);
            hdf.putDataset("labels", labels);
        }
    }

    private static short int16(int value, String source, String field) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new ShdInputException(source, field, "a value fitting int16", Integer.toString(value));
        }
        return (short) value;
    }
}
