package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ShdFlatWriter;
import io.jhdf.HdfFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concatenated SHD-Adding pairs written in the flat layout read back to the same pairs. */
class ShdFlatPairsTest {

    @TempDir
    Path dir;

    @Test
    void pairsRoundTripThroughTheFlatLayout() throws Exception {
        InMemorySamples source = RandomShd.create(3, 25, 50, 700);
        ConcatenatedPairs pairs = ConcatenatedPairs.of(source, new ShdAddingConfig(2, 4, 12, 10, Compat.REFERENCE));
        Path file = dir.resolve("pairs.h5");
        ShdFlatWriter.write(pairs, file, "layout", "flat", "seed", "2");
        try (HdfFile hdf = new HdfFile(file)) {
            assertEquals("flat", hdf.getAttribute("layout").getData());
        }
        try (JhdfShdSamples back = JhdfShdSamples.open(file)) {
            assertEquals(JhdfShdSamples.Layout.FLAT, back.layout());
            assertEquals(12, back.size());
            for (int p = 0; p < 12; p++) {
                assertArrayEquals(pairs.timesSeconds(p), back.timesSeconds(p), "times of pair " + p);
                assertArrayEquals(pairs.units(p), back.units(p), "units of pair " + p);
                assertEquals(pairs.label(p), back.label(p), "label of pair " + p);
            }
        }
    }
}
