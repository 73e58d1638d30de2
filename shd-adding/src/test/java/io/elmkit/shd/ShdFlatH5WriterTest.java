package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flat-layout HDF5 file of concatenated pairs reads back to the same samples. */
class ShdFlatH5WriterTest {

    @TempDir
    Path dir;

    @Test
    void pairsRoundTripThroughTheFlatLayout() {
        InMemorySamples source = RandomShd.create(3, 25, 50, 700);
        ConcatenatedPairs pairs = ConcatenatedPairs.of(source, new ShdAddingConfig(2, 4, 12, 10, Compat.REFERENCE));
        Path file = dir.resolve("pairs.h5");
        ShdFlatH5Writer.write(pairs, file, "layout", "flat", "seed", "2");
        try (HdfFile hdf = new HdfFile(file)) {
            float[] times = (float[]) hdf.getDatasetByPath("/spikes/times").getData();
            Object unitData = hdf.getDatasetByPath("/spikes/units").getData();
            long[] offsets = (long[]) hdf.getDatasetByPath("/spikes/offsets").getData();
            Object labelData = hdf.getDatasetByPath("/labels").getData();
            assertEquals("flat", hdf.getAttribute("layout").getData());
            assertEquals(13, offsets.length);
            for (int p = 0; p < 12; p++) {
                int from = (int) offsets[p];
                int to = (int) offsets[p + 1];
                assertArrayEquals(pairs.timesSeconds(p), java.util.Arrays.copyOfRange(times, from, to), "times of pair " + p);
                int[] units = new int[to - from];
                for (int s = from; s < to; s++) {
                    units[s - from] = ((Number) java.lang.reflect.Array.get(unitData, s)).intValue();
                }
                assertArrayEquals(pairs.units(p), units, "units of pair " + p);
                assertEquals(pairs.label(p), ((Number) java.lang.reflect.Array.get(labelData, p)).intValue(), "label of pair " + p);
            }
        }
    }
}
