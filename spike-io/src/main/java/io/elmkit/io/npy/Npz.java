package io.elmkit.io.npy;

import io.elmkit.io.check.InputLimits;
import io.elmkit.io.nd.NdArray;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives: a zip of {@code <name>.npy} entries, stored or deflated (what
 * {@code np.savez} and {@code np.savez_compressed} write). Keys are entry names without
 * {@code .npy}, in archive order.
 */
public final class Npz {
    private Npz() {
    }

    /** Reads every array of an archive. */
    public static LinkedHashMap<String, NdArray> read(Path file) throws IOException {
        try (NpzFile npz = NpzFile.open(file)) {
            LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
            for (String name : npz.names()) {
                out.put(name, npz.get(name));
            }
            return out;
        }
    }

    /** Writes arrays as an uncompressed archive ({@code np.savez}). */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        write(file, arrays, false);
    }

    /** Writes arrays as an archive, deflated when {@code compressed} ({@code np.savez_compressed}). */
    public static void write(Path file, Map<String, NdArray> arrays, boolean compressed) throws IOException {
        try (NpzWriter w = NpzWriter.create(file, compressed)) {
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
        }
    }

    /** Lazy, random access to the arrays of an archive: only the requested entries are decoded. */
    public static final class NpzFile implements AutoCloseable {
        private final Path file;
        private final ZipFile zip;
        private final LinkedHashMap<String, ZipEntry> entries = new LinkedHashMap<>();

        private NpzFile(Path file, ZipFile zip) {
            this.file = file;
            this.zip = zip;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (!e.isDirectory()) {
                    entries.put(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name, e);
                }
            }
        }

        /** Opens an archive for reading; arrays are decoded on {@link #get}. */
        public static NpzFile open(Path file) throws IOException {
            if (!Files.exists(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            try {
                return new NpzFile(file, new ZipFile(file.toFile()));
            } catch (ZipException e) {
                throw new NpyFormatException(file.toString(), "archive", "a .npz (zip) archive",
                    "no readable zip directory (" + e.getMessage() + "; truncated, corrupt or not a zip)");
            }
        }

        /** Array names in archive order. */
        public java.util.Set<String> names() {
            return java.util.Collections.unmodifiableSet(entries.keySet());
        }

        /** Whether the archive holds an array of this name. */
        public boolean contains(String name) {
            return entries.containsKey(name);
        }

        /** Decodes one array; a missing name is an error listing the names present. */
        public NdArray get(String name) throws IOException {
            ZipEntry e = entries.get(name);
            String source = file + "[" + name + "]";
            if (e == null) {
                throw new NpyFormatException(file.toString(), name, "an array '" + name + "' in the archive",
                    "none (arrays present: " + String.join(", ", entries.keySet()) + ")");
            }
            // Bounded by the entry's declared size (never inflated past it) and checked against its CRC-32.
            try (CheckedZipEntry in = CheckedZipEntry.open(zip, e, source, InputLimits.MAX_BYTES)) {
                NdArray a = Npy.read(in, source, in.declaredBytes());
                in.verifyEnd();
                return a;
            }
        }

        /** The archive's path. */
        public Path path() {
            return file;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /**
     * Writes an archive entry by entry; {@link #stream(String, io.elmkit.io.nd.DType, int[])} lets a
     * producer write a large array's data incrementally after its header (memory bounded by the
     * producer's chunks).
     */
    public static final class NpzWriter implements AutoCloseable {
        private final ZipOutputStream zip;
        private final Path file;
        private boolean entryOpen;

        private NpzWriter(Path file, ZipOutputStream zip) {
            this.file = file;
            this.zip = zip;
        }

        /** Creates (or replaces) {@code file}, deflating entries when {@code compressed}. */
        public static NpzWriter create(Path file, boolean compressed) throws IOException {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            zip.setLevel(compressed ? java.util.zip.Deflater.DEFAULT_COMPRESSION : java.util.zip.Deflater.NO_COMPRESSION);
            zip.setMethod(ZipOutputStream.DEFLATED);
            return new NpzWriter(file, zip);
        }

        /** Adds a whole array. */
        public void add(String name, NdArray array) throws IOException {
            closeEntry();
            zip.putNextEntry(new ZipEntry(name + ".npy"));
            Npy.write(zip, array);
            zip.closeEntry();
        }

        /**
         * Opens an entry for an array of this type and shape and returns the stream its data goes to
         * (little-endian, C order, exactly size * itemsize bytes); valid until the next call.
         */
        public OutputStream stream(String name, io.elmkit.io.nd.DType dtype, int[] shape) throws IOException {
            closeEntry();
            zip.putNextEntry(new ZipEntry(name + ".npy"));
            zip.write(Npy.header(dtype, shape));
            entryOpen = true;
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    zip.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    zip.write(b, off, len);
                }

                @Override
                public void close() {
                    // the archive owns the stream
                }
            };
        }

        private void closeEntry() throws IOException {
            if (entryOpen) {
                zip.closeEntry();
                entryOpen = false;
            }
        }

        /** The archive's path. */
        public Path path() {
            return file;
        }

        @Override
        public void close() throws IOException {
            closeEntry();
            zip.close();
        }
    }
}
