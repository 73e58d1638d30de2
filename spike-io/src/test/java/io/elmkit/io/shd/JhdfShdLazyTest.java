package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.testsupport.ReferenceData;
import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lazy per-sample reading gives what the eager whole-dataset reading gives, and reads only what it needs. */
class JhdfShdLazyTest {

    @ParameterizedTest
    @ValueSource(strings = {"shd/shd_train.h5", "shd/shd_test.h5"})
    void everySampleOfTheSharedFilesEqualsTheEagerReading(String name) throws Exception {
        Path file = ReferenceData.testData(name);
        JhdfShdSamples eager = JhdfShdSamples.read(file);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(file)) {
            assertEquals(JhdfShdSamples.Layout.RAGGED, lazy.layout());
            ShdFixtures.assertSameSamples(eager, lazy);
            assertArrayEquals(eager.keys(), lazy.keys());
            assertEquals(eager.metaInfo().keySet(), lazy.metaInfo().keySet());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ragged_contiguous.h5", "ragged_chunked.h5"})
    void contiguousAndChunkedFixturesMatchWhatNumpyWrote(String name) throws Exception {
        Path file = ShdFixtures.resource(name);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(file)) {
            ShdFixtures.assertMatchesExpectedNpz(lazy);
            assertEquals(0, lazy.timesSeconds(7).length, "sample 7 is empty");
            assertEquals(0, lazy.units(7).length);
        }
        ShdFixtures.assertMatchesExpectedNpz(JhdfShdSamples.read(file));
    }

    /**
     * HDF5 (h5py) packs variable-length data into global heap collections of at most 64 KB (bigger
     * only for one bigger object); jhdf reads a whole collection to resolve one object, so one sample
     * costs its element records plus the collections holding its times and its units.
     */
    private static final long HEAP_COLLECTION_BYTES = 65536;

    @Test
    void openingReadsOnlyHeadersAndLabels() throws Exception {
        Path file = ShdFixtures.resource("ragged_contiguous.h5");
        CountingFileChannel channel = new CountingFileChannel(file);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(new HdfFile(channel, file.toUri()), file.toString())) {
            long afterOpen = channel.bytesRead();
            // the fixture's two heap collections are 32 KB each: opening touched neither
            assertTrue(afterOpen < 8192, "open read " + afterOpen + " bytes");
            lazy.units(60);
            long afterOne = channel.bytesRead();
            assertTrue(afterOne > afterOpen + 1024, "the sample was read from the file: " + (afterOne - afterOpen) + " bytes");
            lazy.timesSeconds(60);
            assertEquals(afterOne, channel.bytesRead(), "times after units of the same sample come from the cache");
        }
    }

    @Test
    void oneSampleOfTheSharedTrainFileReadsItsHeapCollectionsOnly() throws Exception {
        Path file = ReferenceData.testData("shd/shd_train.h5");
        long fileSize = Files.size(file);
        CountingFileChannel channel = new CountingFileChannel(file);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(new HdfFile(channel, file.toUri()), file.toString())) {
            long afterOpen = channel.bytesRead();
            lazy.timesSeconds(123);
            lazy.units(123);
            long one = channel.bytesRead() - afterOpen;
            assertTrue(one <= 2 * HEAP_COLLECTION_BYTES + 1024, "one sample read " + one + " bytes");
            assertTrue(afterOpen < 16384, "open read " + afterOpen + " bytes");
            lazy.units(200);
            long two = channel.bytesRead() - afterOpen - one;
            assertTrue(two <= 2 * HEAP_COLLECTION_BYTES + 1024, "another sample read " + two + " bytes");
        }
        CountingFileChannel eager = new CountingFileChannel(file);
        try (HdfFile hdf = new HdfFile(eager, file.toUri())) {
            hdf.getDatasetByPath("/spikes/times").getData();
            hdf.getDatasetByPath("/spikes/units").getData();
            assertTrue(eager.bytesRead() > fileSize / 2, "jhdf's whole-dataset reads, for contrast: " + eager.bytesRead()
                + " of " + fileSize + " bytes");
        }
    }

    @Test
    void oneSampleOfABigFlatFileReadsOnlyItsSlices(@TempDir Path dir) throws Exception {
        // 2000 samples of 400 spikes, ~5 MB: generated, so the test does not depend on ../shared
        int samples = 2000;
        int spikes = 400;
        float[][] times = new float[samples][spikes];
        int[][] units = new int[samples][spikes];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = i % 20;
            for (int s = 0; s < spikes; s++) {
                times[i][s] = s / 1000f;
                units[i][s] = (i + s) % 700;
            }
        }
        Path file = dir.resolve("big_flat.h5");
        ShdFlatWriter.write(new ArraySamples(times, units, labels), file);
        CountingFileChannel channel = new CountingFileChannel(file);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(new HdfFile(channel, file.toUri()), file.toString())) {
            long afterOpen = channel.bytesRead();
            assertArrayEquals(units[1234], lazy.units(1234));
            assertArrayEquals(times[1234], lazy.timesSeconds(1234));
            long one = channel.bytesRead() - afterOpen;
            // offsets (8 bytes per sample) and labels are read on open; one sample is 400 x (4 + 2) bytes
            assertTrue(afterOpen < 8L * samples + 2L * samples + 16384, "open read " + afterOpen + " bytes");
            assertTrue(one <= 6L * spikes + 4096, "one sample read " + one + " bytes");
            assertTrue(Files.size(file) > 4_000_000, "the file is big: " + Files.size(file));
        }
    }

    @Test
    void concurrentReadersSeeTheSameSamples() throws Exception {
        Path file = ShdFixtures.resource("ragged_chunked.h5");
        JhdfShdSamples eager = JhdfShdSamples.read(file);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(file)) {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int start = t * 40;
                results.add(pool.submit(() -> {
                    // each thread walks all samples from a different start: cache hits, misses and evictions interleave
                    for (int k = 0; k < 2 * eager.size(); k++) {
                        int i = (start + k * 7) % eager.size();
                        assertArrayEquals(eager.timesSeconds(i), lazy.timesSeconds(i), "times of sample " + i);
                        assertArrayEquals(eager.units(i), lazy.units(i), "units of sample " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void returnedArraysAreCopiesAndAClosedFileRefusesReads() throws Exception {
        JhdfShdSamples lazy = JhdfShdSamples.open(ShdFixtures.resource("ragged_contiguous.h5"));
        float[] first = lazy.timesSeconds(3);
        first[0] = -1f;
        assertTrue(lazy.timesSeconds(3)[0] >= 0f, "the cached sample was not changed through a returned array");
        lazy.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lazy.units(4));
        assertTrue(e.getMessage().contains("ragged_contiguous.h5: closed"), e.getMessage());
        assertEquals(120, lazy.size(), "labels stay available");
        assertThrows(IndexOutOfBoundsException.class, () -> JhdfShdSamples.read(ShdFixtures.resource("ragged_contiguous.h5")).units(120));
    }
}
