package io.elmkit.shd;

import io.elmkit.io.shd.ShdSamples;
import io.jhdf.HdfFile;
import java.nio.file.Path;

/** Test-only eager SHD reader (jhdf): the shared SHD files are small. */
final class H5TestSamples implements ShdSamples {
    private final String name;
    private final Object[] times;
    private final Object[] units;
    private final int[] labels;

    H5TestSamples(Path file) {
        this.name = file.toString();
        try (HdfFile hdf = new HdfFile(file)) {
            times = (Object[]) hdf.getDatasetByPath("/spikes/times").getData();
            units = (Object[]) hdf.getDatasetByPath("/spikes/units").getData();
            labels = (int[]) hdf.getDatasetByPath("/labels").getData();
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numChannels() {
        return 700;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public float[] timesSeconds(int index) {
        return ((float[]) times[index]).clone();
    }

    @Override
    public int[] units(int index) {
        return ((int[]) units[index]).clone();
    }

    @Override
    public String source() {
        return name;
    }
}
