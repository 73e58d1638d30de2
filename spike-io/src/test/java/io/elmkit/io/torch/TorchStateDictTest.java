package io.elmkit.io.torch;

import io.elmkit.io.check.InputFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchStateDictTest {

    static Path fixture(String name) throws Exception {
        return Path.of(TorchStateDictTest.class.getResource("/torch/" + name).toURI());
    }

    @Test
    void readsEveryStorageTypeStridesAndOffsets() throws Exception {
        LinkedHashMap<String, NdArray> sd = TorchStateDict.read(fixture("all_types.pt"));
        assertEquals(List.of("f32", "f64", "f16", "i64", "i32", "i16", "i8", "u8", "bool", "transposed",
            "offset_slice", "empty"), new ArrayList<>(sd.keySet()));
        double[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        DType[] types = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.INT64, DType.INT32, DType.INT16,
            DType.INT8, DType.UINT8};
        String[] names = {"f32", "f64", "f16", "i64", "i32", "i16", "i8", "u8"};
        for (int i = 0; i < names.length; i++) {
            NdArray a = sd.get(names[i]);
            assertEquals(types[i], a.dtype(), names[i]);
            assertArrayEquals(new int[] {3, 4}, a.shape(), names[i]);
            assertArrayEquals(values, a.toDoubleArray(), names[i]);
        }
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, sd.get("bool").toDoubleArray());
        assertEquals(DType.BOOL, sd.get("bool").dtype());
        // base.t(): shape (4, 3), element (i, j) = base[j][i] = 4j + i
        assertArrayEquals(new int[] {4, 3}, sd.get("transposed").shape());
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, sd.get("transposed").toDoubleArray());
        // base[1:, 2:]: rows 1-2, columns 2-3
        assertArrayEquals(new double[] {6, 7, 10, 11}, sd.get("offset_slice").toDoubleArray());
        assertArrayEquals(new int[] {0}, sd.get("empty").shape());
    }

    @Test
    void readsAnyFolderPrefixWithoutMetadataAndAnyLocation() throws Exception {
        LinkedHashMap<String, NdArray> plain = TorchStateDict.read(fixture("no_metadata_prefix.pt"));
        assertEquals(List.of("weight", "bias"), new ArrayList<>(plain.keySet()));
        assertArrayEquals(new double[] {1, 1, 1, 1}, plain.get("weight").toDoubleArray());
        LinkedHashMap<String, NdArray> cuda = TorchStateDict.read(fixture("cuda_location.pt"));
        assertArrayEquals(new double[] {0, 1, 2, 3}, cuda.get("w").toDoubleArray());
    }

    @Test
    void refusesGlobalsOutsideTheAllowList() throws Exception {
        InputFormatException e = assertThrows(InputFormatException.class, () -> TorchStateDict.read(fixture("evil.pt")));
        assertTrue(e.getMessage().contains("evil.pt") && e.getMessage().contains("refused global")
            && (e.getMessage().contains("posix.system") || e.getMessage().contains("os.system")), e.getMessage());
    }

    @Test
    void unsupportedStorageTypeIsNamed() throws Exception {
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> TorchStateDict.read(fixture("bfloat16.pt")));
        assertTrue(e.getMessage().contains("bfloat16.pt") && e.getMessage().contains("BFloat16Storage"), e.getMessage());
    }

    @Test
    void truncatedArchiveIsAClearError() throws Exception {
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> TorchStateDict.read(fixture("truncated.pt")));
        assertTrue(e.getMessage().contains("truncated.pt") && e.getMessage().contains("zip"), e.getMessage());
    }

    @Test
    void missingStorageEntryIsNamed(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("missing.pt");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(fixture("cuda_location.pt").toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(copy))) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
                if (!e.getName().endsWith("data/0")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    out.write(in.getInputStream(e).readAllBytes());
                }
            }
        }
        InputFormatException e = assertThrows(InputFormatException.class, () -> TorchStateDict.read(copy));
        assertTrue(e.getMessage().contains("data/0") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void ourFilesReadBackIdentically(@TempDir Path dir) throws Exception {
        LinkedHashMap<String, NdArray> sd = TorchStateDict.read(fixture("all_types.pt"));
        Path out = dir.resolve("ours.pt");
        TorchStateDict.write(out, sd);
        LinkedHashMap<String, NdArray> back = TorchStateDict.read(out);
        assertEquals(new ArrayList<>(sd.keySet()), new ArrayList<>(back.keySet()));
        for (String k : sd.keySet()) {
            assertEquals(sd.get(k), back.get(k), k);
        }
    }

    @Test
    void readsEveryGoldenStateDict(@TempDir Path dir) throws IOException {
        assertEveryStateDictReadsBack(ReferenceData.testData("golden"), 5, dir);
    }

    @Test
    void readsEveryPublishedStateDict(@TempDir Path dir) throws IOException {
        assertEveryStateDictReadsBack(ReferenceData.require("models"), 6, dir);
        assertEveryStateDictReadsBack(ReferenceData.require("golden/elm/num_memory_10"), 1, dir);
    }

    /** Every reference .pt file below {@code root} (at least {@code atLeast}) reads, and what we write of it reads back equal. */
    private static void assertEveryStateDictReadsBack(Path root, int atLeast, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = s.filter(p -> p.toString().endsWith(".pt")).sorted().toList();
        }
        assertTrue(files.size() >= atLeast, "expected at least " + atLeast + " .pt files in " + root + ", found " + files);
        for (Path f : files) {
            LinkedHashMap<String, NdArray> sd = TorchStateDict.read(f);
            assertTrue(sd.containsKey("_proto_w_s") && sd.containsKey("w_y.weight"), f + ": " + sd.keySet());
            assertEquals(DType.FLOAT32, sd.get("_proto_w_s").dtype(), f.toString());
            Path out = dir.resolve("copy.pt");
            TorchStateDict.write(out, sd);
            LinkedHashMap<String, NdArray> back = TorchStateDict.read(out);
            for (String k : sd.keySet()) {
                assertEquals(sd.get(k), back.get(k), f + " " + k);
            }
        }
    }
}
