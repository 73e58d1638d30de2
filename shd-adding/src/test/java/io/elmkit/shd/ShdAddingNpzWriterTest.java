package io.elmkit.shd;

import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdInputException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed .npz holds exactly what the generator produces, with the documented layout. */
class ShdAddingNpzWriterTest {

    @TempDir
    Path dir;

    @Test
    void archiveEqualsTheGeneratedBatches() throws IOException {
        for (Compat compat : Compat.values()) {
            InMemorySamples source = RandomShd.create(21, 30, 200, 700);
            ShdAddingConfig config = new ShdAddingConfig(4, 3, 12, 5, compat);
            Path file = dir.resolve("out-" + compat + ".npz");
            List<long[]> reports = new ArrayList<>();
            long rows = new ShdAddingNpzWriter(new BinnedSamples(source, ReferenceBinning.ofBinMs(5)), config)
                .write(file, (done, total) -> reports.add(new long[] {done, total}));
            assertEquals(4, reports.size(), "one progress report per batch");
            assertArrayEquals(new long[] {12, 12}, reports.get(3));

            Map<String, NdArray> npz = Npz.read(file);
            assertEquals(List.of("pair_indices", "labels", "events", "shape", "seed", "bin_ms", "compat_reference"), List.copyOf(npz.keySet()));
            assertEquals(DType.INT64, npz.get("pair_indices").dtype());
            assertArrayEquals(new int[] {12, 2}, npz.get("pair_indices").shape());
            assertEquals(DType.INT64, npz.get("labels").dtype());
            assertEquals(DType.INT32, npz.get("events").dtype());
            assertArrayEquals(new int[] {(int) rows, 4}, npz.get("events").shape());
            assertArrayEquals(new long[] {12, 400, 700}, npz.get("shape").toLongArray());
            assertEquals(4, npz.get("seed").getLong(0));
            assertEquals(5.0, npz.get("bin_ms").getDouble(0));
            assertEquals(compat == Compat.REFERENCE ? 1.0 : 0.0, npz.get("compat_reference").getDouble(0));

            long[] pairIndices = npz.get("pair_indices").toLongArray();
            long[] labels = npz.get("labels").toLongArray();
            int[] events = npz.get("events").toIntArray();
            ShdAddingGenerator generator = ShdAddingGenerator.create(source, config);
            ShdAddingBatch batch = generator.newBatch();
            int row = 0;
            while (generator.next(batch)) {
                for (int i = 0; i < batch.size(); i++) {
                    int p = (int) batch.firstPair() + i;
                    assertEquals(batch.firstSample(i), pairIndices[2 * p]);
                    assertEquals(batch.secondSample(i), pairIndices[2 * p + 1]);
                    assertEquals(batch.label(i), labels[p]);
                }
                for (int e = 0; e < batch.numEvents(); e++, row++) {
                    assertArrayEquals(new int[] {(int) batch.firstPair() + batch.eventPair(e), batch.eventStep(e), batch.eventChannel(e), batch.eventCount(e)},
                        new int[] {events[4 * row], events[4 * row + 1], events[4 * row + 2], events[4 * row + 3]}, "row " + row);
                }
            }
            assertEquals(rows, row);
        }
    }

    @Test
    void badSampleDataLeavesNoPartialArchive() throws IOException {
        InMemorySamples source = new InMemorySamples("bad-unit-late.h5", 700)
            .add(1, new float[] {0.1f}, new int[] {1})
            .add(2, new float[] {0.2f}, new int[] {900});
        Path file = dir.resolve("partial.npz");
        ShdAddingConfig config = new ShdAddingConfig(0, 2, 64, 10, Compat.REFERENCE);
        ShdInputException e = assertThrows(ShdInputException.class,
            () -> new ShdAddingNpzWriter(new BinnedSamples(source, ReferenceBinning.ofBinMs(10)), config).write(file, ProgressListener.NONE));
        assertEquals("bad-unit-late.h5: /spikes/units[1][0]: expected a channel in 0..699, found 900", e.getMessage());
        assertFalse(Files.exists(file), "partial archive deleted");
    }
}
