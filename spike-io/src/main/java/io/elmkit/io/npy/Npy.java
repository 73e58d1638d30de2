package io.elmkit.io.npy;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.nd.Storage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * NumPy {@code .npy} files (format versions 1.0 to 3.0): C-ordered arrays of float16/32/64,
 * int8/16/32/64, uint8/16 and bool, either byte order, scalars included. Writes little-endian
 * version 1.0 (2.0 for huge headers) with a 64-byte aligned header, as NumPy does.
 */
public final class Npy {
    private Npy() {
    }

    /** Reads a whole .npy file; the header must account for every byte of it. */
    public static NdArray read(Path file) throws IOException {
        long fileBytes = Files.size(file);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NdArray a = read(in, file.toString(), fileBytes);
            if (in.read() >= 0) {
                throw new InputFormatException(file.toString(), "data", "exactly the bytes the header declares",
                    "more bytes after the data (file of " + fileBytes + " bytes)");
            }
            return a;
        }
    }

    /** Reads one array from a stream positioned at its magic string; {@code source} names it in errors. */
    public static NdArray read(InputStream in, String source) throws IOException {
        return read(in, source, -1);
    }

    /**
     * Reads one array from a stream of {@code totalBytes} bytes (-1: unknown) positioned at its magic
     * string. The data the header declares is checked against what the stream holds and against
     * {@link InputLimits} before it is allocated, so a forged shape cannot claim gigabytes.
     */
    public static NdArray read(InputStream in, String source, long totalBytes) throws IOException {
        byte[] prefix = readFully(in, 8, source, "magic string and version");
        for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
            if (prefix[i] != NpyHeader.MAGIC[i]) {
                throw new InputFormatException(source, "magic string", "\\x93NUMPY (a .npy file)",
                    describeBytes(prefix, NpyHeader.MAGIC.length));
            }
        }
        int major = prefix[6] & 0xFF;
        long headerLength;
        int prefixBytes;
        if (major == 1) {
            byte[] len = readFully(in, 2, source, "header length");
            headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
            prefixBytes = 10;
        } else if (major == 2 || major == 3) {
            byte[] len = readFully(in, 4, source, "header length");
            headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt());
            prefixBytes = 12;
        } else {
            throw new InputFormatException(source, "version", "1.0, 2.0 or 3.0", major + "." + (prefix[7] & 0xFF));
        }
        // A NumPy header is a short dict; 1 MiB is far beyond any real one and bounds the allocation.
        long maxHeader = totalBytes >= 0 ? Math.min(1 << 20, Math.max(0, totalBytes - prefixBytes)) : 1 << 20;
        Checks.inRange(source, "header length", headerLength, 0, maxHeader);
        byte[] headerBytes = readFully(in, (int) headerLength, source, "header");
        String header = major == 3 ? decodeUtf8(headerBytes, source) : new String(headerBytes, StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, source);
        long[] dims = new long[h.shape.length];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = h.shape[d];
        }
        String what = "data of shape " + Arrays.toString(h.shape) + " " + h.dtype.name().toLowerCase(java.util.Locale.ROOT);
        long item = Math.max(1, h.dtype.itemSizeBytes());
        long size = Checks.elementCount(source, "shape", dims, Math.min(InputLimits.MAX_ARRAY_ELEMENTS,
            Math.min(InputLimits.MAX_BYTES, InputLimits.MAX_ARRAY_ELEMENTS) / item));
        long bytes = size * item;
        if (totalBytes >= 0) {
            long holds = totalBytes - prefixBytes - headerLength;
            if (bytes != holds) {
                throw new InputFormatException(source, "data", bytes + " bytes for shape " + Arrays.toString(h.shape)
                    + " " + h.dtype.name().toLowerCase(java.util.Locale.ROOT),
                    holds + " bytes after the header" + (bytes > holds ? " (truncated)" : " (data longer than declared)"));
            }
        }
        // With the size known, the data was checked above and is allocated at once; otherwise it is
        // read in chunks, so a forged shape runs out of stream before it runs out of memory.
        byte[] data = totalBytes >= 0 ? readFully(in, (int) bytes, source, what) : readGrowing(in, (int) bytes, source, what);
        return decode(data, h.dtype, h.order, h.shape, source);
    }

    private static String describeBytes(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static String decodeUtf8(byte[] bytes, String source) throws InputFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputFormatException(source, "header", "UTF-8 text (format 3.0)", "bytes that are not UTF-8");
        }
    }

    private static byte[] readGrowing(InputStream in, int n, String source, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new InputFormatException(source, what, n + " bytes", "only " + b.length + " bytes (truncated)");
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] b = new byte[n];
        int got = in.readNBytes(b, 0, n);
        if (got != n) {
            throw new InputFormatException(source, what, n + " bytes", "only " + got + " bytes (truncated)");
        }
        return b;
    }

    private static NdArray decode(byte[] data, DType dtype, ByteOrder order, int[] shape, String source)
        throws InputFormatException {
        int n = data.length / Math.max(1, dtype.itemSizeBytes());
        if (dtype == DType.BOOL) {
            for (int i = 0; i < n; i++) {
                byte b = data[i];
                if (b != 0 && b != 1) {
                    throw new InputFormatException(source, "bool element " + i + " holds byte " + (b & 0xFF)
                        + " (expected 0 or 1)");
                }
            }
        } else if (dtype.storage() == Storage.BYTES) {
            return NdArray.wrap(dtype, data, shape); // the bytes are the elements: no copy
        }
        Object values = dtype.storage().newArray(n);
        dtype.storage().read(ByteBuffer.wrap(data).order(order), values, n);
        return NdArray.wrap(dtype, values, shape);
    }

    /** Writes an array as a .npy file (little-endian). */
    public static void write(Path file, NdArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, array);
        }
    }

    /** Writes an array in .npy format to a stream (not closed). */
    public static void write(OutputStream out, NdArray array) throws IOException {
        out.write(header(array.dtype(), array.shape()));
        writeData(out, array);
    }

    /**
     * The complete .npy header for a little-endian array of this type and shape, for writers that
     * stream the data themselves (elements in C order, little-endian, after the header).
     */
    public static byte[] header(DType dtype, int[] shape) {
        return NpyHeader.encode(dtype, shape);
    }

    /** Writes just the data bytes of an array, little-endian. */
    public static void writeData(OutputStream out, NdArray array) throws IOException {
        DType dtype = array.dtype();
        Object data = array.data();
        int n = array.size();
        final int chunk = 8192;
        ByteBuffer buf = ByteBuffer.allocate(chunk * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            buf.clear();
            dtype.storage().write(buf, data, start, end - start, dtype.itemSizeBytes());
            out.write(buf.array(), 0, buf.position());
        }
    }
}
