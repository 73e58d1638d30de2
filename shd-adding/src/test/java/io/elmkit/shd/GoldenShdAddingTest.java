package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npy;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The official SHD-Adding loader's output on etc/test-data/shd/shd_train.h5 (seed 0, batch 4, bin 10 ms,
 * 3 batches), reproduced exactly: drawn indices, labels, shape and every non-zero input.
 */
class GoldenShdAddingTest {

    @Test
    void referenceModeEqualsTheOfficialLoader() throws IOException {
        Path golden = ReferenceData.testData("golden/shd-adding-seed0-batch4-bin10");
        Path shd = ReferenceData.testData("shd/shd_train.h5");
        ShdAddingGenerator generator = ShdAddingGenerator.create(JhdfShdSamples.read(shd), ShdAddingConfig.reference(0, 4, 10, 3));
        ShdAddingBatch batch = generator.newBatch();
        int batches = 0;
        while (generator.next(batch)) {
            int b = batches++;
            long[] indices = Npy.read(golden.resolve("batch" + b + "_indices.npy")).toLongArray();
            long[] labels = Npy.read(golden.resolve("batch" + b + "_labels.npy")).toLongArray();
            long[] shape = Npy.read(golden.resolve("batch" + b + "_shape.npy")).toLongArray();
            int[] golden4 = FortranEventRows.read(golden.resolve("batch" + b + "_events.npy"));

            long[] ourIndices = new long[2 * batch.size()];
            long[] ourLabels = new long[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                ourIndices[i] = batch.firstSample(i);
                ourIndices[batch.size() + i] = batch.secondSample(i);
                ourLabels[i] = batch.label(i);
            }
            assertArrayEquals(indices, ourIndices, "batch " + b + " indices");
            assertArrayEquals(labels, ourLabels, "batch " + b + " labels");
            assertArrayEquals(shape, new long[] {batch.size(), batch.numSteps(), batch.numChannels()}, "batch " + b + " shape");

            int rows = golden4.length / 4;
            assertEquals(rows, batch.numEvents(), "batch " + b + " number of non-zero inputs");
            for (int e = 0; e < rows; e++) {
                int[] expected = {golden4[4 * e], golden4[4 * e + 1], golden4[4 * e + 2], golden4[4 * e + 3]};
                int[] ours = {batch.eventPair(e), batch.eventStep(e), batch.eventChannel(e), batch.eventCount(e)};
                assertArrayEquals(expected, ours, "batch " + b + " event row " + e);
            }
        }
        assertEquals(3, batches);
        assertTrue(batch.numEvents() == 0 && batch.size() == 0, "exhausted generator leaves an empty batch");
    }
}
