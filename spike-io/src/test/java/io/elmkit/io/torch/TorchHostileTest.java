package io.elmkit.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.NdArray;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile .pt files: pickles whose length prefixes claim more than they hold, deep or cyclic
 * nesting, tensors whose size, stride or offset reach outside their storage (overflowing the check
 * or asking for gigabytes from 32 floats), storages cut short or corrupted. Each is refused before
 * anything of the declared size is allocated.
 */
class TorchHostileTest {

    private static InputFormatException guard(byte[] pickle) {
        return assertThrows(InputFormatException.class, () -> PickleGuard.check(pickle, "x.pt", "data.pkl"));
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void lengthPrefixesBeyondThePickleAreRefusedBeforeAllocating() {
        int[][] claims = {
            {0x80, 2, 'B', 0xff, 0xff, 0xff, 0x7f, '.', 0}, // BINBYTES 2 GB
            {0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0x7f, '.', 0}, // LONG4
            {0x80, 2, 'X', 0x00, 0x00, 0x00, 0x80, '.', 0}, // BINUNICODE 2^31 (unsigned)
            {0x80, 2, 'T', 0xff, 0xff, 0xff, 0x7f, '.', 0}, // BINSTRING
            {0x80, 4, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, '.'}, // BINUNICODE8 2^63-1
            {0x80, 4, 0x96, 0, 0, 0, 0x80, 0, 0, 0, 0, '.'}, // BYTEARRAY8
            {0x80, 4, 0x95, 0, 0, 0, 0, 1, 0, 0, 0, '.'}, // FRAME
        };
        for (int[] c : claims) {
            InputFormatException e = guard(bytes(c));
            assertTrue(e.getMessage().startsWith("x.pt: data.pkl: byte 2 (") && e.getMessage().contains("bytes left")
                && e.getMessage().contains("declared"), e.getMessage());
        }
        assertTrue(guard(bytes(0x80, 2, 0x8b, 0xfe, 0xff, 0xff, 0xff, '.')).getMessage().contains("non-negative"));
    }

    @Test
    void deepAndSelfContainingNestingIsRefusedAtTheDepthLimit() {
        int n = 200_000;
        byte[] lists = new byte[2 * n + 3];
        lists[0] = (byte) 0x80;
        lists[1] = 2;
        Arrays.fill(lists, 2, 2 + n, (byte) '(');
        Arrays.fill(lists, 2 + n, 2 + 2 * n, (byte) 'l');
        lists[lists.length - 1] = '.';
        assertTrue(guard(lists).getMessage().contains("nested at most 1000 deep"));
        // TUPLE1 nests without any MARK.
        byte[] tuples = new byte[n + 4];
        tuples[0] = (byte) 0x80;
        tuples[1] = 2;
        tuples[2] = ']';
        Arrays.fill(tuples, 3, 3 + n, (byte) 0x85);
        tuples[tuples.length - 1] = '.';
        assertTrue(guard(tuples).getMessage().contains("nested at most"));
        // A list appended into itself through the memo.
        assertTrue(guard(bytes(0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.')).getMessage().contains("holding itself"));
        // A list filled after it was put in another: the outer one's depth follows.
        assertThrows(InputFormatException.class, () -> PickleGuard.check(bytes(0x80, 2, ']', 'q', 0, ']', 'h', 0, 'a',
            'h', 0, ']', ']', 'a', 'a', '.'), "x.pt", "data.pkl", 3));
        assertDoesNotThrowGuard(bytes(0x80, 2, ']', ']', ']', 'a', 'a', '.'), 3);
    }

    private static void assertDoesNotThrowGuard(byte[] pickle, int depth) {
        try {
            PickleGuard.check(pickle, "x.pt", "data.pkl", depth);
        } catch (InputFormatException e) {
            throw new AssertionError("refused a pickle within the depth limit: " + e.getMessage());
        }
    }

    @Test
    void longDecimalsTruncationAndUnknownOpcodesAreRefused() {
        byte[] digits = ("I" + "9".repeat(5000) + "\n.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(guard(digits).getMessage().contains("4300 digits"));
        assertTrue(guard(bytes(0x80, 2, 'c', 't', 'o')).getMessage().contains("truncated"));
        assertTrue(guard(bytes(0x80, 2, ']')).getMessage().contains("STOP"));
        assertTrue(guard(bytes(0x80, 2, 0xff, '.')).getMessage().contains("byte 0xff"));
        assertTrue(guard(bytes(0x80, 2, 'a', '.')).getMessage().contains("empty stack"));
        assertTrue(guard(bytes(0x80, 2, 'h', 9, '.')).getMessage().contains("memo index 9"));
    }

    @Test
    void everyStateDictTorchWritesPassesTheGuard() throws Exception {
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        tensors.put("w", NdArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("b", NdArray.ofLongs(new long[] {7}, 1));
        PickleGuard.check(TorchStateDict.pickle(tensors), "x.pt", "data.pkl");
    }

    /** A .pt with one float tensor {@code t} laid out by {@code offset, size, stride} over {@code storageFloats}. */
    private static Path pt(Path dir, String name, long numel, int storageFloats, long offset, long[] size, long[] stride)
        throws Exception {
        byte[] pickle = TorchStateDict.pickle(List.of(
            new TorchStateDict.TensorRef("t", "FloatStorage", "0", numel, offset, size, stride)));
        Path file = dir.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            float[] v = new float[storageFloats];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            io.elmkit.io.npy.Npy.writeData(b, NdArray.ofFloats(v, v.length));
            zip.write(b.toByteArray());
            zip.closeEntry();
        }
        return file;
    }

    private static String refused(Path file) {
        return assertThrows(InputFormatException.class, () -> TorchStateDict.read(file)).getMessage();
    }

    @Test
    void sizesStridesAndOffsetsAreCheckedAgainstTheRealStorage(@TempDir Path dir) throws Exception {
        // Legit: a transposed view and a size-1 axis with an arbitrary stride.
        NdArray t = TorchStateDict.read(pt(dir, "ok.pt", 6, 6, 0, new long[] {3, 2}, new long[] {1, 3})).get("t");
        assertEquals(NdArray.ofFloats(new float[] {0, 3, 1, 4, 2, 5}, 3, 2), t);
        TorchStateDict.read(pt(dir, "one.pt", 6, 6, 2, new long[] {1, 4}, new long[] {999, 1}));
        // (size - 1) * stride wraps past 2^63: the old check read 32 copies of one weight.
        String wrap = refused(pt(dir, "wrap.pt", 32, 32, 0, new long[] {32}, new long[] {(1L << 62) + 1}));
        assertTrue(wrap.contains("stride[0]") && wrap.contains("4611686018427387905"), wrap);
        // size 4e8, stride 0 over 32 floats: 1.6 GB from 128 bytes.
        String bomb = refused(pt(dir, "bomb.pt", 32, 32, 0, new long[] {400_000_000}, new long[] {0}));
        assertTrue(bomb.contains("stride[0]") && bomb.contains("found 0"), bomb);
        String overlap = refused(pt(dir, "overlap.pt", 32, 32, 0, new long[] {1000, 1000}, new long[] {1, 1}));
        assertTrue(overlap.contains("at most the storage's 32 elements"), overlap);
        String past = refused(pt(dir, "past.pt", 32, 32, 30, new long[] {4}, new long[] {1}));
        assertTrue(past.contains("reaching element 33"), past);
        String offset = refused(pt(dir, "offset.pt", 32, 32, -5, new long[] {1}, new long[] {1}));
        assertTrue(offset.contains("storage_offset"), offset);
        String negative = refused(pt(dir, "negative.pt", 32, 32, 0, new long[] {-3}, new long[] {1}));
        assertTrue(negative.contains("size[0]"), negative);
        String truncated = refused(pt(dir, "truncated.pt", 32, 8, 0, new long[] {8}, new long[] {1}));
        assertTrue(truncated.contains("128 bytes") && truncated.contains("truncated"), truncated);
        String numel = refused(pt(dir, "numel.pt", -1, 8, 0, new long[] {8}, new long[] {1}));
        assertTrue(numel.contains("numel"), numel);
    }

    @Test
    void storagesWithABadCrcAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.pt");
        TorchStateDict.write(file, Map.of("w", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 4)));
        byte[] b = Files.readAllBytes(file);
        // The storage's 16 bytes follow its local header; 1.0f is 00 00 80 3f.
        int at = -1;
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == (byte) 0x80 && b[i + 3] == 0x3f) {
                at = i;
                break;
            }
        }
        b[at + 3] ^= 0x01;
        Files.write(file, b);
        String m = refused(file);
        assertTrue(m.contains("archive/data/0") && m.contains("crc-32"), m);
    }
}
