package io.elmkit.io.npy;

import io.elmkit.io.check.InputFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"le_f2", "le_f4", "le_f8", "i1", "le_i2", "le_i4", "le_i8", "u1", "le_u2",
        "be_f4", "be_f8", "be_i2", "be_i4", "be_i8", "be_u2", "be_f2"})
    void readsNumpyFilesOfEveryTypeAndByteOrder(String name) throws Exception {
        NdArray a = Npy.read(fixture(name + ".npy"));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.toDoubleArray(), name);
        String code = name.substring(name.indexOf('_') + 1);
        assertEquals(DType.fromNumpyCode(code), a.dtype());
    }

    @Test
    void readsBoolScalarAndEmpty() throws Exception {
        NdArray b = Npy.read(fixture("bool.npy"));
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[] {false, true, false, true, false, true}, (boolean[]) b.data());
        NdArray s = Npy.read(fixture("scalar_f8.npy"));
        assertEquals(0, s.rank());
        assertEquals(2.5, s.getDouble(0));
        NdArray e = Npy.read(fixture("empty_f4.npy"));
        assertArrayEquals(new int[] {0}, e.shape());
    }

    @Test
    void npzPlainAndCompressedHoldTheSameArrays() throws Exception {
        LinkedHashMap<String, NdArray> plain = Npz.read(fixture("all.npz"));
        LinkedHashMap<String, NdArray> packed = Npz.read(fixture("all_compressed.npz"));
        assertEquals(plain.keySet(), packed.keySet());
        for (String k : plain.keySet()) {
            assertEquals(plain.get(k), packed.get(k), k);
            assertEquals(Npy.read(fixture(k + ".npy")), plain.get(k), k);
        }
    }

    @Test
    void roundTripsEveryTypeThroughNpyAndNpz(@TempDir Path dir) throws Exception {
        Map<String, NdArray> arrays = Npz.read(fixture("all.npz"));
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            Path f = dir.resolve(e.getKey() + ".npy");
            Npy.write(f, e.getValue());
            NdArray back = Npy.read(f);
            assertArrayEquals(e.getValue().shape(), back.shape());
            assertArrayEquals(e.getValue().toDoubleArray(), back.toDoubleArray(), e.getKey());
            assertEquals(0, Npy.header(back.dtype(), back.shape()).length % 64, "header aligned to 64 bytes");
        }
        for (boolean compressed : new boolean[] {false, true}) {
            Path z = dir.resolve("out" + compressed + ".npz");
            Npz.write(z, arrays, compressed);
            LinkedHashMap<String, NdArray> back = Npz.read(z);
            assertEquals(arrays.keySet(), back.keySet());
            for (String k : arrays.keySet()) {
                assertArrayEquals(arrays.get(k).toDoubleArray(), back.get(k).toDoubleArray(), k);
            }
        }
    }

    @Test
    void rejectsFortranOrderComplexAndBadMagicNamingTheFile() throws Exception {
        InputFormatException f = assertThrows(InputFormatException.class, () -> Npy.read(fixture("fortran.npy")));
        assertTrue(f.getMessage().contains("fortran.npy") && f.getMessage().contains("fortran_order"), f.getMessage());
        InputFormatException c = assertThrows(InputFormatException.class, () -> Npy.read(fixture("complex.npy")));
        assertTrue(c.getMessage().contains("<c8"), c.getMessage());
        Path bad = Files.createTempFile("bad", ".npy");
        Files.writeString(bad, "hello world, not numpy");
        InputFormatException m = assertThrows(InputFormatException.class, () -> Npy.read(bad));
        assertTrue(m.getMessage().contains(bad.toString()) && m.getMessage().contains("magic"), m.getMessage());
    }

    @Test
    void truncatedDataSaysHowManyBytesAreMissing(@TempDir Path dir) throws Exception {
        byte[] full = Files.readAllBytes(fixture("le_f8.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 5));
        InputFormatException e = assertThrows(InputFormatException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("48 bytes")
            && e.getMessage().contains("found 43 bytes"), e.getMessage());
    }

    @Test
    void npzErrorsNameTheArchiveAndTheMissingKey(@TempDir Path dir) throws Exception {
        IOException missing = assertThrows(IOException.class, () -> {
            try (Npz.NpzFile z = Npz.NpzFile.open(fixture("all.npz"))) {
                z.get("nope");
            }
        });
        assertTrue(missing.getMessage().contains("'nope'") && missing.getMessage().contains("le_f4"), missing.getMessage());
        byte[] full = Files.readAllBytes(fixture("all.npz"));
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(full, full.length / 2));
        IOException corrupt = assertThrows(IOException.class, () -> Npz.read(cut));
        assertTrue(corrupt.getMessage().contains("cut.npz"), corrupt.getMessage());
    }
}
