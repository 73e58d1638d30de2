package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.testsupport.ReferenceData;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flat layout: SHD samples written by {@link ShdFlatWriter} read back equal, lazily and whole; bad flat files are refused. */
class ShdFlatWriterTest {

    @TempDir
    Path dir;

    @Test
    void anShdFileRoundTripsThroughTheFlatLayout() throws Exception {
        Path flat = dir.resolve("flat.h5");
        try (JhdfShdSamples source = JhdfShdSamples.open(ShdFixtures.resource("ragged_chunked.h5"))) {
            ShdFlatWriter.write(source, flat, "layout", "flat");
        }
        try (JhdfShdSamples lazy = JhdfShdSamples.open(flat)) {
            assertEquals(JhdfShdSamples.Layout.FLAT, lazy.layout());
            ShdFixtures.assertMatchesExpectedNpz(lazy);
            assertEquals(0, lazy.units(7).length, "the empty sample stays empty");
        }
        JhdfShdSamples eager = JhdfShdSamples.read(flat);
        ShdFixtures.assertMatchesExpectedNpz(eager);
        assertEquals(-1, eager.speaker(0), "the flat writer keeps spikes and labels only");
        try (HdfFile hdf = new HdfFile(flat)) {
            assertEquals("flat", hdf.getAttribute("layout").getData());
        }
    }

    @Test
    void sharedTrainFileRoundTrips() throws Exception {
        Path shared = ReferenceData.testData("shd/shd_train.h5");
        Path flat = dir.resolve("train_flat.h5");
        JhdfShdSamples source = JhdfShdSamples.read(shared);
        ShdFlatWriter.write(source, flat);
        try (JhdfShdSamples back = JhdfShdSamples.open(flat)) {
            assertEquals(source.size(), back.size());
            for (int i = 0; i < source.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(source.timesSeconds(i), back.timesSeconds(i));
                org.junit.jupiter.api.Assertions.assertArrayEquals(source.units(i), back.units(i));
                assertEquals(source.label(i), back.label(i));
            }
        }
    }

    @Test
    void valuesThatDoNotFitTheLayoutAreRefusedBeforeAnythingIsWritten() {
        Path file = dir.resolve("never.h5");
        ShdInputException unit = assertThrows(ShdInputException.class, () -> ShdFlatWriter.write(
            new ArraySamples(new float[][] {{0.1f, 0.2f}}, new int[][] {{3, 40000}}, new int[] {1}), file));
        assertEquals("test arrays: units[0][1]: expected a value fitting int16, found 40000", unit.getMessage());
        ShdInputException ragged = assertThrows(ShdInputException.class, () -> ShdFlatWriter.write(
            new ArraySamples(new float[][] {{0.1f}}, new int[][] {{3, 4}}, new int[] {1}), file));
        assertEquals("test arrays: sample 0: expected 2 times and units, found 1 times, 2 units", ragged.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void badOffsetsAreRefusedNamingFileAndField() throws Exception {
        assertRefused(new long[] {0, 3, 2, 4}, "/spikes/offsets[2]: expected at least 3 (non-decreasing), found 2");
        assertRefused(new long[] {1, 2, 3, 4}, "/spikes/offsets[0]: expected 0, found 1");
        assertRefused(new long[] {0, 1, 2, 3}, "/spikes/offsets[3]: expected 4 (the length of /spikes/times), found 3");
    }

    private void assertRefused(long[] offsets, String expected) throws Exception {
        Path file = dir.resolve("bad_offsets.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup spikes = hdf.putGroup("spikes");
            spikes.putDataset("times", new float[] {0.1f, 0.2f, 0.3f, 0.4f});
            spikes.putDataset("units", new short[] {1, 2, 3, 4});
            spikes.putDataset("offsets", offsets);
            hdf.putDataset("labels", new short[] {0, 1, 2});
        }
        ShdInputException lazy = assertThrows(ShdInputException.class, () -> JhdfShdSamples.open(file));
        assertEquals(file + ": " + expected, lazy.getMessage());
        ShdInputException eager = assertThrows(ShdInputException.class, () -> JhdfShdSamples.read(file));
        assertEquals(file + ": " + expected, eager.getMessage());
    }
}
