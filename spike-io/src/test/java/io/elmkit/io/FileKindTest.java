package io.elmkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.npy.Npz;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileKind} tells files apart by content, whatever their names say. */
class FileKindTest {
    @TempDir
    Path tmp;

    @Test
    void kindsFromContentNotNames() throws Exception {
        Path npy = tmp.resolve("a.h5");
        Npy.write(npy, NdArray.ofFloats(new float[] {1, 2}, 2));
        assertEquals(FileKind.NPY, FileKind.of(npy));

        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NdArray.ofFloats(new float[] {1}, 1));
        Path npz = tmp.resolve("b.p");
        Npz.write(npz, arrays, false);
        assertEquals(FileKind.NPZ, FileKind.of(npz));

        Path h5 = tmp.resolve("c.npz");
        byte[] hdf = new byte[64];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, hdf, 0, 8);
        Files.write(h5, hdf);
        assertEquals(FileKind.HDF5, FileKind.of(h5));
        byte[] userBlock = new byte[600];
        System.arraycopy(hdf, 0, userBlock, 512, 8);
        Files.write(h5, userBlock);
        assertEquals(FileKind.HDF5, FileKind.of(h5));

        Path pickle = tmp.resolve("d.json");
        Files.write(pickle, new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, '.'});
        assertEquals(FileKind.PICKLE, FileKind.of(pickle));

        Path gz = tmp.resolve("e.npy");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(1);
        }
        assertEquals(FileKind.GZIP, FileKind.of(gz));

        Path json = tmp.resolve("f");
        Files.writeString(json, "  \n{\"a\": 1}");
        assertEquals(FileKind.JSON, FileKind.of(json));

        Path pt = tmp.resolve("g.npz");
        zip(pt, "archive/data.pkl");
        assertEquals(FileKind.PT_ZIP, FileKind.of(pt));
        Path zip = tmp.resolve("h.npz");
        zip(zip, "readme.txt");
        assertEquals(FileKind.ZIP, FileKind.of(zip));

        Path empty = tmp.resolve("i.h5");
        Files.write(empty, new byte[0]);
        assertEquals(FileKind.EMPTY, FileKind.of(empty));
        Files.writeString(empty, "hello");
        assertEquals(FileKind.TEXT, FileKind.of(empty));
        Files.write(empty, new byte[] {7, 0, 1, 2});
        assertEquals(FileKind.UNKNOWN, FileKind.of(empty));

        Path dir = Files.createDirectory(tmp.resolve("j.npz"));
        assertEquals(FileKind.DIRECTORY, FileKind.of(dir));
        Files.write(dir.resolve("20260101F.cq4"), new byte[8]);
        assertEquals(FileKind.JOURNAL_DIR, FileKind.of(dir));

        assertEquals("an HDF5 file", FileKind.HDF5.describe());
        assertThrows(NoSuchFileException.class, () -> FileKind.of(tmp.resolve("missing")));
    }

    private static void zip(Path file, String entry) throws Exception {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(new byte[] {1, 2, 3});
            z.closeEntry();
        }
    }
}
