package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.npy.Npz;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code elmkit shd-adding} end to end: the golden run through the CLI, and bad input. */
class ShdAddingCommandTest {

    @TempDir
    Path dir;

    /** Runs the CLI with stderr (progress, errors) captured into {@code err}. */
    private static int run(StringWriter err, String... args) {
        CliRunner r = CliRunner.run(args);
        err.write(r.err);
        return r.exitCode;
    }

    @Test
    void goldenRunThroughTheCli() throws IOException {
        Path shd = ReferenceData.testData("shd/shd_train.h5");
        Path golden = ReferenceData.testData("golden/shd-adding-seed0-batch4-bin10");
        Path out = dir.resolve("pairs.npz");
        Path h5 = dir.resolve("pairs.h5");
        assertEquals(0, run(new StringWriter(), "shd-adding", "--shd", shd.toString(), "--out", out.toString(), "--seed", "0",
            "--batch-size", "4", "--batches", "3", "--bin-ms", "10", "--h5", h5.toString()));
        Map<String, NdArray> npz = Npz.read(out);
        long[] pairs = npz.get("pair_indices").toLongArray();
        long[] labels = npz.get("labels").toLongArray();
        assertArrayEquals(new long[] {12, 200, 700}, npz.get("shape").toLongArray());
        int[] events = npz.get("events").toIntArray();
        int row = 0;
        for (int b = 0; b < 3; b++) {
            long[] indices = Npy.read(golden.resolve("batch" + b + "_indices.npy")).toLongArray();
            long[] goldenLabels = Npy.read(golden.resolve("batch" + b + "_labels.npy")).toLongArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(indices[i], pairs[2 * (4 * b + i)], "first of pair " + (4 * b + i));
                assertEquals(indices[4 + i], pairs[2 * (4 * b + i) + 1], "second of pair " + (4 * b + i));
                assertEquals(goldenLabels[i], labels[4 * b + i], "label of pair " + (4 * b + i));
            }
            // Golden rows count per batch; the pair column is global in our file.
            long goldenRows = (Files.size(golden.resolve("batch" + b + "_events.npy")) - 128) / 16;
            for (long r = 0; r < goldenRows; r++, row++) {
                assertEquals(b * 4, events[4 * row] / 4 * 4, "row " + row + " belongs to batch " + b);
            }
        }
        assertEquals(events.length / 4, row, "as many rows as the golden batches together");
        assertTrue(Files.size(h5) > 0);
    }

    @Test
    void notAnShdFileIsAClearError() throws IOException {
        Path bogus = dir.resolve("bogus.h5");
        Files.writeString(bogus, "this is not HDF5");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "shd-adding", "--shd", bogus.toString(), "--out", dir.resolve("x.npz").toString()));
        String message = err.toString();
        assertTrue(message.contains(bogus + ": a text file; shd-adding reads an SHD .h5"), message);
    }

    @Test
    void pairsNotAMultipleOfTheBatchAreRefusedInReferenceMode() {
        Path shd = ReferenceData.testData("shd/shd_train.h5");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "shd-adding", "--shd", shd.toString(), "--out", dir.resolve("x.npz").toString(), "--pairs", "10"));
        assertTrue(err.toString().contains("expected a multiple of the batch size 8, found 10"), err.toString());
    }
}
