package io.elmkit.io.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.testsupport.TestBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile .npz and .npy files: entries whose CRC-32 does not match (NumPy refuses them), deflate
 * streams that inflate past the entry's declared size, forged sizes no deflate stream can reach,
 * entries and files holding more or less data than their .npy header declares, shapes claiming
 * gigabytes from a few bytes.
 */
class NpzHostileTest {

    /** A one-entry zip written byte by byte; {@code declaredSize}/{@code crc} -1 mean the true values. */
    static byte[] zip(String name, byte[] data, boolean deflate, long declaredSize, long crc) {
        CRC32 c = new CRC32();
        c.update(data);
        long crcValue = crc >= 0 ? crc : c.getValue();
        byte[] stored = data;
        if (deflate) {
            stored = TestBytes.deflate(data);
        }
        long size = declaredSize >= 0 ? declaredSize : data.length;
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + stored.length + 46 + n.length + 22).order(ByteOrder.LITTLE_ENDIAN);
        int method = deflate ? 8 : 0;
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) method).putInt(0x210000)
            .putInt((int) crcValue).putInt(stored.length).putInt((int) size).putShort((short) n.length).putShort((short) 0)
            .put(n).put(stored);
        int cen = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) method)
            .putInt(0x210000).putInt((int) crcValue).putInt(stored.length).putInt((int) size).putShort((short) n.length)
            .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(n);
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
            .putInt(46 + n.length).putInt(cen).putShort((short) 0);
        return b.array();
    }

    /** A one-entry deflated zip whose data is {@code packed} (any bytes), declaring {@code data}'s size and CRC. */
    static byte[] zipPacked(String name, byte[] data, byte[] packed) {
        CRC32 c = new CRC32();
        c.update(data);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + packed.length + 46 + n.length + 22).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8).putInt(0x210000)
            .putInt((int) c.getValue()).putInt(packed.length).putInt(data.length).putShort((short) n.length)
            .putShort((short) 0).put(n).put(packed);
        int cen = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 8)
            .putInt(0x210000).putInt((int) c.getValue()).putInt(packed.length).putInt(data.length)
            .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
            .putInt(0).putInt(0).put(n);
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
            .putInt(46 + n.length).putInt(cen).putShort((short) 0);
        return b.array();
    }

    static byte[] npy(NdArray a) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    private static String refused(Path file) {
        return assertThrows(InputFormatException.class, () -> Npz.read(file)).getMessage();
    }

    @Test
    void crcIsVerifiedForStoredAndDeflatedEntries(@TempDir Path dir) throws Exception {
        byte[] data = npy(NdArray.ofFloats(new float[] {1, 2, 3}, 3));
        for (boolean deflate : new boolean[] {false, true}) {
            Path good = dir.resolve("good" + deflate + ".npz");
            Files.write(good, zip("x.npy", data, deflate, -1, -1));
            assertEquals(NdArray.ofFloats(new float[] {1, 2, 3}, 3), Npz.read(good).get("x"));
            byte[] flipped = data.clone();
            flipped[flipped.length - 2] ^= 0x04;
            CRC32 c = new CRC32();
            c.update(data);
            Path bad = dir.resolve("bad" + deflate + ".npz");
            Files.write(bad, zip("x.npy", flipped, deflate, -1, c.getValue()));
            String m = refused(bad);
            assertTrue(m.contains("bad" + deflate + ".npz") && m.contains("x.npy") && m.contains("crc-32")
                && m.contains(String.format("%08x", c.getValue())), m);
        }
    }

    @Test
    void deflateIsNeverInflatedPastTheDeclaredSize(@TempDir Path dir) throws Exception {
        byte[] data = npy(NdArray.ofFloats(new float[] {1, 2, 3}, 3));
        // 64 MiB of zeros after the array, in a zip that declares only the array.
        byte[] bomb = Arrays.copyOf(data, 64 << 20);
        Path file = dir.resolve("bomb.npz");
        Files.write(file, zip("x.npy", bomb, true, data.length, -1));
        String m = refused(file);
        assertTrue(m.contains("more data") && m.contains("nothing past the declared size was inflated"), m);
        // A declared size no deflate stream of this length can produce.
        byte[] header = Npy.header(DType.FLOAT64, new int[] {10000, 10000});
        Path forged = dir.resolve("forged.npz");
        Files.write(forged, zip("x.npy", Arrays.copyOf(header, header.length + 1000), true,
            header.length + 800_000_000L, -1));
        String f = refused(forged);
        assertTrue(f.contains("1032 times") && f.contains("800000128 bytes declared"), f);
    }

    @Test
    void entriesMustHoldExactlyWhatTheirHeaderDeclares(@TempDir Path dir) throws Exception {
        byte[] data = npy(NdArray.ofFloats(new float[] {1, 2, 3}, 3));
        Path shorter = dir.resolve("short.npz");
        Files.write(shorter, zip("x.npy", Arrays.copyOf(data, data.length - 4), true, -1, -1));
        assertTrue(refused(shorter).contains("found 8 bytes after the header (truncated)"));
        Path longer = dir.resolve("long.npz");
        Files.write(longer, zip("x.npy", Arrays.copyOf(data, data.length + 4), false, -1, -1));
        assertTrue(refused(longer).contains("data longer than declared"));
        // The zip declares more than the stream holds.
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, zip("x.npy", data, false, data.length + 100, -1));
        String m = refused(cut);
        assertTrue(m.contains("cut.npz"), m);
        // A stored entry claiming 2 GB in a file of 200 bytes is refused before allocating.
        Path claim = dir.resolve("claim.npz");
        Files.write(claim, zip("x.npy", data, false, Integer.MAX_VALUE - 16L, -1));
        assertTrue(refused(claim).contains("2147483631 bytes declared"));
        // Deflate data cut short under an intact directory: one line, no "Unexpected end of ZLIB input stream".
        float[] noise = new float[4096];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextFloat();
        }
        byte[] big = npy(NdArray.ofFloats(noise, noise.length));
        byte[] whole = zip("x.npy", big, true, -1, -1);
        int packed = ByteBuffer.wrap(whole, 18, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] cutData = new byte[packed / 2];
        System.arraycopy(whole, 30 + 5, cutData, 0, cutData.length);
        // Rebuild the zip with the first half of the deflate stream as its (intact-looking) data.
        byte[] cutZip = zipPacked("x.npy", big, cutData);
        Path cutDeflate = dir.resolve("cutdeflate.npz");
        Files.write(cutDeflate, cutZip);
        String c = refused(cutDeflate);
        assertTrue(c.contains("x.npy") && c.contains("truncated") && !c.contains("ZLIB"), c);
        // A shape of 10^10 floats from a 100-byte entry is refused before allocating.
        byte[] header = Npy.header(DType.FLOAT32, new int[] {100000, 100000});
        Path huge = dir.resolve("huge.npz");
        Files.write(huge, zip("x.npy", Arrays.copyOf(header, header.length + 16), false, -1, -1));
        assertTrue(refused(huge).contains("shape"));
        Path notZip = dir.resolve("text.npz");
        Files.writeString(notZip, "not a zip");
        assertTrue(refused(notZip).contains("a .npz (zip) archive"));
    }

    @Test
    void npyFilesAreCheckedAgainstTheirSize(@TempDir Path dir) throws Exception {
        byte[] data = npy(NdArray.ofFloats(new float[] {1, 2, 3}, 3));
        Path longer = dir.resolve("long.npy");
        Files.write(longer, Arrays.copyOf(data, data.length + 3));
        assertTrue(assertThrows(InputFormatException.class, () -> Npy.read(longer)).getMessage()
            .contains("data longer than declared"));
        byte[] header = Npy.header(DType.FLOAT64, new int[] {20000, 20000});
        Path huge = dir.resolve("huge.npy");
        Files.write(huge, Arrays.copyOf(header, header.length + 8));
        String m = assertThrows(InputFormatException.class, () -> Npy.read(huge)).getMessage();
        assertTrue(m.contains("huge.npy") && m.contains("shape"), m);
        String text = "{'descr': '<f4', 'fortran_order': False, 'shape': (123456789012345678901234567890,), }";
        byte[] dict = (text + " ".repeat(118 - text.length()) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length).put(dict);
        Path digits = dir.resolve("digits.npy");
        Files.write(digits, b.array());
        String d = assertThrows(InputFormatException.class, () -> Npy.read(digits)).getMessage();
        assertTrue(d.contains("'shape'") && d.contains("123456789012345678901234"), d);
        Path headerLength = dir.resolve("hl.npy");
        Files.write(headerLength, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, -1, '{'});
        String h = assertThrows(InputFormatException.class, () -> Npy.read(headerLength)).getMessage();
        assertTrue(h.contains("header length") && h.contains("4294967295"), h);
    }

    @Test
    void narrowingFloatsToIntegersNamesTheFileAndElement() throws Exception {
        NdArray a = NdArray.ofFloats(new float[] {1, 0.5f}, 2);
        String m = assertThrows(InputFormatException.class, () -> a.toLongArray("f.npy", "labels")).getMessage();
        assertEquals("f.npy: labels[1]: expected a whole number in -9223372036854775807 .. 9223372036854775806,"
            + " found 0.5", m);
        NdArray n = NdArray.ofDoubles(new double[] {Double.NaN}, 1);
        assertTrue(assertThrows(InputFormatException.class, () -> n.toLongArray("f.npy", "x")).getMessage()
            .contains("found NaN"));
        NdArray big = NdArray.ofLongs(new long[] {1L << 40}, 1);
        assertTrue(assertThrows(InputFormatException.class, () -> big.toIntArray("f.npy", "id", 0, 10)).getMessage()
            .contains("id[0]: expected 0 .. 10, found 1099511627776"));
        assertEquals(3, NdArray.ofDoubles(new double[] {3.0}, 1).toIntArray("f.npy", "id", 0, 10)[0]);
    }
}
