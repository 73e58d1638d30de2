package io.elmkit.shd;

import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdInputException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.testsupport.ReferenceData;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading SHD files with jhdf; bad files are refused naming file, field, expected and found (h5py-made fixtures). */
class JhdfShdSamplesTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(JhdfShdSamplesTest.class.getResource(name).toURI());
    }

    @Test
    void readsTheSharedFileLikeH5py() throws IOException {
        Path shd = ReferenceData.testData("shd/shd_train.h5");
        JhdfShdSamples samples = JhdfShdSamples.read(shd);
        assertEquals(240, samples.size());
        // The datasets as jhdf reads them, the oracle for our reader.
        try (HdfFile hdf = new HdfFile(shd)) {
            Object[] times = (Object[]) hdf.getDatasetByPath("/spikes/times").getData();
            Object[] units = (Object[]) hdf.getDatasetByPath("/spikes/units").getData();
            int[] labels = (int[]) hdf.getDatasetByPath("/labels").getData();
            for (int i = 0; i < samples.size(); i += 37) {
                assertArrayEquals((float[]) times[i], samples.timesSeconds(i));
                assertArrayEquals((int[]) units[i], samples.units(i));
                assertEquals(labels[i], samples.label(i));
            }
        }
        assertEquals(0.0054092407f, samples.timesSeconds(0)[0]);   // float16 0.00541, widened exactly
        assertEquals(75, samples.units(0)[0]);
    }

    @Test
    void emptySamplesAreLegalAndGiveNoEvents() throws Exception {
        JhdfShdSamples samples = JhdfShdSamples.read(fixture("good3.h5"));
        assertEquals(3, samples.size());
        assertEquals(0, samples.timesSeconds(1).length);
        BinnedSamples binned = new BinnedSamples(samples, ReferenceBinning.ofBinMs(10));
        assertEquals(0, binned.keys(1).length);
        assertEquals(2, binned.distinctEvents(0)); // 0.01 s unit 3; 0.5 s unit 4 twice (one row, count 2); 1.2 s dropped
        assertEquals(3, binned.keys(0).length);
        assertEquals(2, binned.distinctEvents(2));
    }

    @Test
    void badFilesAreRefusedWithFileFieldExpectedAndFound() throws Exception {
        assertMessage(fixture("not_shd.h5"), "/spikes/times: expected a dataset (SHD layout), found none");
        assertMessage(fixture("short_labels.h5"), "/labels: expected 3 labels (one per sample), found 2 labels");
        assertMessage(fixture("truncated.h5"), "HDF5 superblock end-of-file address: expected a file of 8947 bytes, found 1500 bytes (truncated)");
        ShdInputException label = assertThrows(ShdInputException.class,
            () -> new BinnedSamples(JhdfShdSamples.read(fixture("bad_label.h5")), ReferenceBinning.ofBinMs(2)));
        assertTrue(label.getMessage().endsWith("bad_label.h5: /labels[1]: expected a label in 0..19, found 25"), label.getMessage());
        // The reader checks units itself (every path: eager here, lazy on the sample's first read).
        assertMessage(fixture("bad_unit.h5"), "/spikes/units[2][0]: expected a channel in 0..699, found 700");
        try (JhdfShdSamples lazy = JhdfShdSamples.open(fixture("bad_unit.h5"))) {
            BinnedSamples units = new BinnedSamples(lazy, ReferenceBinning.ofBinMs(2));
            for (int threads : new int[] {1, 2}) {
                ShdInputException unit = assertThrows(ShdInputException.class, () -> units.binAll(threads));
                assertTrue(unit.getMessage().endsWith("bad_unit.h5: /spikes/units[2][0]: expected a channel in 0..699, found 700"),
                    unit.getMessage());
            }
        }
        assertThrows(NoSuchFileException.class, () -> JhdfShdSamples.read(Path.of("no/such/file.h5")));
    }

    private static void assertMessage(Path file, String expected) {
        ShdInputException e = assertThrows(ShdInputException.class, () -> JhdfShdSamples.read(file));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
    }
}
