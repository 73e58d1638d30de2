package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.elmkit.testsupport.TestBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged SHD files (truncated copies, flipped bytes) give a {@link ShdInputException} naming the
 * file and what could not be read, never another exception type. Flipped bytes inside spike values
 * cannot be detected (HDF5 keeps no checksum on this layout's data): such files read without error.
 */
class ShdCorruptFileTest {

    @TempDir
    Path dir;

    @Test
    void truncatedCopiesAreRefusedNamingFileAndDataset() throws Exception {
        Path original = ShdFixtures.resource("ragged_contiguous.h5");
        byte[] bytes = Files.readAllBytes(original);
        List<String> messages = new ArrayList<>();
        for (int length : new int[] {0, 7, 100, 1000, 3000, 5000, 20000, 40000, 60000, bytes.length - 500, bytes.length - 1}) {
            Path copy = dir.resolve("truncated_" + length + ".h5");
            Files.write(copy, java.util.Arrays.copyOf(bytes, length));
            ShdInputException lazy = assertThrows(ShdInputException.class, () -> readEverything(copy, true), "lazy, " + length + " bytes");
            ShdInputException eager = assertThrows(ShdInputException.class, () -> readEverything(copy, false), "eager, " + length + " bytes");
            for (ShdInputException e : new ShdInputException[] {lazy, eager}) {
                assertTrue(e.getMessage().startsWith(copy + ": "), e.getMessage());
                assertTrue(e.field().startsWith("/") || e.field().startsWith("HDF5 "), e.getMessage());
                messages.add(e.getMessage());
            }
        }
        // jhdf would read a cut-off tail as zeros: the superblock's end-of-file address catches every cut past the signature
        assertTrue(messages.stream().filter(m -> m.contains("end-of-file address")).count() >= 16, String.join("\n", messages));
    }

    @Test
    void aDamagedHeapCollectionIsReportedWithTheSampleWhenThatSampleIsRead() throws Exception {
        byte[] bytes = Files.readAllBytes(ShdFixtures.resource("ragged_contiguous.h5"));
        int collection = TestBytes.indexOf(bytes, "GCOL".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(collection > 0, "the fixture has a global heap collection");
        bytes[collection] = 'X';
        Path copy = dir.resolve("bad_heap.h5");
        Files.write(copy, bytes);
        try (JhdfShdSamples lazy = JhdfShdSamples.open(copy)) {
            ShdInputException e = assertThrows(ShdInputException.class, () -> lazy.timesSeconds(0));
            assertTrue(e.getMessage().startsWith(copy + ": /spikes/times[0]: expected readable HDF5 data, found a corrupt or truncated file"),
                e.getMessage());
        }
        ShdInputException eager = assertThrows(ShdInputException.class, () -> JhdfShdSamples.read(copy));
        assertTrue(eager.getMessage().startsWith(copy + ": /spikes/times: expected readable HDF5 data"), eager.getMessage());
    }

    @Test
    void flippedBytesGiveAnShdInputExceptionOrReadableData() throws Exception {
        Path original = ShdFixtures.resource("ragged_contiguous.h5");
        byte[] bytes = Files.readAllBytes(original);
        Path copy = dir.resolve("flipped.h5");
        int refused = 0;
        for (int position = 0; position < bytes.length; position += 127) {
            byte[] damaged = bytes.clone();
            damaged[position] ^= (byte) 0xA5;
            Files.write(copy, damaged);
            for (boolean lazy : new boolean[] {true, false}) {
                try {
                    readEverything(copy, lazy);
                } catch (ShdInputException e) {
                    assertTrue(e.getMessage().startsWith(copy + ": "), e.getMessage());
                    refused++;
                } catch (RuntimeException e) {
                    fail("byte " + position + " flipped, " + (lazy ? "lazy" : "eager") + ": " + e, e);
                }
            }
        }
        assertTrue(refused > 10, "flips in headers and heap structure are refused: " + refused);
    }

    @Test
    void anUndamagedCopyReadsEqual() throws Exception {
        Path original = ShdFixtures.resource("ragged_chunked.h5");
        Path copy = dir.resolve("copy.h5");
        Files.copy(original, copy);
        try (JhdfShdSamples a = JhdfShdSamples.open(original); JhdfShdSamples b = JhdfShdSamples.open(copy)) {
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.units(i), b.units(i));
            }
        }
    }

    /** Opens, reads every sample and label, closes. */
    private static void readEverything(Path file, boolean lazy) throws IOException {
        JhdfShdSamples samples = lazy ? JhdfShdSamples.open(file) : JhdfShdSamples.read(file);
        try (samples) {
            for (int i = 0; i < samples.size(); i++) {
                samples.timesSeconds(i);
                samples.units(i);
                samples.label(i);
            }
        }
    }
}
