package io.elmkit.io.npy;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.nd.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * NumPy {@code .npz} archives: a zip of {@code <name>.npy} entries, stored or deflated (what
 * {@code np.savez} and {@code np.savez_compressed} write). Keys are entry names without
 * {@code .npy}, in archive order. Writing goes through {@link NpzWriter}.
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

        public static NpzFile open(Path file) throws IOException {
            if (!Files.exists(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            try {
                return new NpzFile(file, new ZipFile(file.toFile()));
            } catch (ZipException e) {
                throw new InputFormatException(file.toString(), "archive", "a .npz (zip) archive",
                    "no readable zip directory (" + e.getMessage() + "; truncated, corrupt or not a zip)");
            }
        }

        /** Array names in archive order. */
        public java.util.Set<String> names() {
            return java.util.Collections.unmodifiableSet(entries.keySet());
        }

        public boolean contains(String name) {
            return entries.containsKey(name);
        }

        /** Decodes one array; a missing name is an error listing the names present. */
        public NdArray get(String name) throws IOException {
            ZipEntry e = entries.get(name);
            String source = file + "[" + name + "]";
            if (e == null) {
                throw new InputFormatException(file.toString(), name, "an array '" + name + "' in the archive",
                    "none (arrays present: " + String.join(", ", entries.keySet()) + ")");
            }
            // Bounded by the entry's declared size (never inflated past it) and checked against its CRC-32.
            try (CheckedZipEntry in = CheckedZipEntry.open(zip, e, source, InputLimits.MAX_BYTES)) {
                NdArray a = Npy.read(in, source, in.declaredBytes());
                in.verifyEnd();
                return a;
            }
        }

        public Path path() {
            return file;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }
}
