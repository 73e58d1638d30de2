package io.elmkit.io.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.testsupport.Python;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one .npz writer: what it writes reads back here and in NumPy (stored and deflated, with and
 * without Zip64), each entry's CRC-32 is checked, and an entry must get exactly the bytes its header
 * declares.
 */
class NpzWriterTest {
    /** The signature of the Zip64 end-of-central-directory record. */
    private static final String ZIP64_END = "PK\u0006\u0006";

    @TempDir
    Path dir;

    private static Map<String, NdArray> arrays() {
        Map<String, NdArray> a = new LinkedHashMap<>();
        long[] longs = new long[1000];
        float[] floats = new float[3 * 50];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = (long) i * i - 7;
        }
        for (int i = 0; i < floats.length; i++) {
            floats[i] = i * 0.25f - 3;
        }
        a.put("longs", NdArray.ofLongs(longs, longs.length));
        a.put("floats", NdArray.ofFloats(floats, 3, 50));
        a.put("ints", NdArray.ofInts(new int[] {-1, 0, 1, Integer.MAX_VALUE}, 4));
        a.put("empty", NdArray.ofDoubles(new double[0], 0));
        a.put("dt_ms", NdArray.scalarDouble(0.5));
        a.put("flag", NdArray.scalarBoolean(true));
        a.put("\u00e9t\u00e9", NdArray.scalarLong(-3)); // a UTF-8 name
        return a;
    }

    private Path write(String name, boolean compressed, NpzWriter.Zip64 zip64) throws IOException {
        Path file = dir.resolve(name);
        try (NpzWriter w = NpzWriter.create(file, compressed, zip64)) {
            for (Map.Entry<String, NdArray> e : arrays().entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
        }
        return file;
    }

    @Test
    void everyVariantReadsBackEqual() throws IOException {
        for (boolean compressed : new boolean[] {false, true}) {
            for (NpzWriter.Zip64 zip64 : NpzWriter.Zip64.values()) {
                Path file = write("v-" + compressed + "-" + zip64 + ".npz", compressed, zip64);
                assertEquals(arrays(), Npz.read(file), compressed + " " + zip64);
                assertEquals(zip64 == NpzWriter.Zip64.ALWAYS,
                    new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(ZIP64_END),
                    "Zip64 end record only where asked for (" + zip64 + ")");
            }
        }
    }

    @Test
    void streamedEntryEqualsAWholeArray() throws IOException {
        Path file = dir.resolve("streamed.npz");
        int n = 100_000;
        try (NpzWriter w = NpzWriter.create(file, false)) {
            OutputStream out = w.begin("x", DType.INT32, new int[] {n});
            ByteBuffer b = ByteBuffer.allocate(4 * 1000).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i += 1000) {
                b.clear();
                for (int k = 0; k < 1000; k++) {
                    b.putInt(i + k);
                }
                out.write(b.array(), 0, b.position());
            }
            w.add("after", NdArray.scalarLong(42));
        }
        int[] x = Npz.read(file).get("x").toIntArray();
        assertEquals(n, x.length);
        assertEquals(n - 1, x[n - 1]);
        assertEquals(42, Npz.read(file).get("after").getLong(0));
    }

    @Test
    void aChangedByteFailsTheEntrysCrc() throws IOException {
        Path file = write("crc.npz", false, NpzWriter.Zip64.AS_NEEDED);
        byte[] bytes = Files.readAllBytes(file);
        // The last byte of the "longs" entry's data (stored: the data are the bytes themselves).
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("longs.npy") + "longs.npy".length()
            + Npy.header(DType.INT64, new int[] {1000}).length + 8 * 999;
        bytes[at] ^= 1;
        Files.write(file, bytes);
        InputFormatException e = assertThrows(InputFormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains("longs.npy: crc-32: expected"), e.getMessage());
    }

    @Test
    void anEntryMustGetTheBytesItsHeaderDeclares() throws IOException {
        Path file = dir.resolve("short.npz");
        NpzWriter w = NpzWriter.create(file, false);
        w.begin("x", DType.FLOAT64, new int[] {4}).write(new byte[8 * 3]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.add("y", NdArray.scalarLong(1)));
        long declared = Npy.header(DType.FLOAT64, new int[] {4}).length + 32;
        assertTrue(e.getMessage().contains("expected " + declared + " bytes"), e.getMessage());
    }

    @Test
    void numpyReadsWhatWeWriteIncludingZip64() throws Exception {
        String python = Python.withModules("numpy");
        assumeTrue(python != null, "python3 with numpy not installed: skipping the NumPy .npz round trip");
        String check = String.join("\n",
            "import sys, zipfile, numpy as np",
            "for f in sys.argv[1:]:",
            "    z = zipfile.ZipFile(f)",
            "    assert z.testzip() is None, f + ': CRC'",
            "    zip64 = any(i.extra[:2] == b'\\x01\\x00' for i in z.infolist())",
            "    d = np.load(f)",
            "    print(f.rsplit('/', 1)[-1], zip64, ' '.join('%s:%s:%s:%r' % (k, d[k].dtype, d[k].shape,"
                + " d[k].sum().item()) for k in d.files))");
        StringBuilder expected = new StringBuilder();
        ProcessBuilder pb = new ProcessBuilder(python, "-c", check);
        for (boolean compressed : new boolean[] {false, true}) {
            for (NpzWriter.Zip64 zip64 : NpzWriter.Zip64.values()) {
                String name = "np-" + compressed + "-" + zip64 + ".npz";
                pb.command().add(write(name, compressed, zip64).toString());
                expected.append(name).append(zip64 == NpzWriter.Zip64.ALWAYS ? " True" : " False")
                    .append(" longs:int64:(1000,):332826500 floats:float32:(3, 50):2343.75 ints:int32:(4,):2147483647"
                        + " empty:float64:(0,):0.0 dt_ms:float64:():0.5 flag:bool:():1 \u00e9t\u00e9:int64:():-3\n");
            }
        }
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        assertEquals(expected.toString(), out);
    }

    @Test
    void wholeArraysMatchNpyData() throws IOException {
        Path file = write("same.npz", false, NpzWriter.Zip64.AS_NEEDED);
        NdArray floats = Npz.read(file).get("floats");
        assertArrayEquals(arrays().get("floats").toFloatArray(), floats.toFloatArray());
        assertArrayEquals(new int[] {3, 50}, floats.shape());
    }
}
