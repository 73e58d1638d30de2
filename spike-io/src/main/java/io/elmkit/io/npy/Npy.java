package io.elmkit.io.npy;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
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

    /** Reads a whole .npy file. */
    public static NdArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads one array from a stream positioned at its magic string; {@code source} names it in errors. */
    public static NdArray read(InputStream in, String source) throws IOException {
        byte[] prefix = readFully(in, 8, source, "magic string and version");
        for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
            if (prefix[i] != NpyHeader.MAGIC[i]) {
                throw new NpyFormatException(source, "not a .npy file (bad magic string; expected \\x93NUMPY)");
            }
        }
        int major = prefix[6] & 0xFF;
        int headerLength;
        if (major == 1) {
            byte[] len = readFully(in, 2, source, "header length");
            headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
        } else if (major == 2 || major == 3) {
            byte[] len = readFully(in, 4, source, "header length");
            headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLength < 0) {
                throw new NpyFormatException(source, "header length " + Integer.toUnsignedString(headerLength) + " is too large");
            }
        } else {
            throw new NpyFormatException(source, "unsupported .npy format version " + major + "." + (prefix[7] & 0xFF)
                + " (supported: 1.0, 2.0, 3.0)");
        }
        byte[] headerBytes = readFully(in, headerLength, source, "header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, source);
        long size = 1;
        for (int d : h.shape) {
            size *= d;
        }
        long bytes = size * h.dtype.itemSizeBytes();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(source, "array of shape " + Arrays.toString(h.shape) + " is too large ("
                + bytes + " bytes) to read into one Java array");
        }
        byte[] data = readFully(in, (int) bytes, source, "data of shape " + Arrays.toString(h.shape) + " "
            + h.dtype.name().toLowerCase(java.util.Locale.ROOT));
        return decode(data, h.dtype, h.order, h.shape, source);
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new NpyFormatException(source, "truncated: the " + what + " needs " + n + " bytes but only "
                + b.length + " remain");
        }
        return b;
    }

    private static NdArray decode(byte[] data, DType dtype, ByteOrder order, int[] shape, String source)
        throws NpyFormatException {
        ByteBuffer buf = ByteBuffer.wrap(data).order(order);
        int n = data.length / Math.max(1, dtype.itemSizeBytes());
        switch (dtype) {
            case FLOAT32: {
                float[] v = new float[n];
                buf.asFloatBuffer().get(v);
                return NdArray.wrap(dtype, v, shape);
            }
            case FLOAT64: {
                double[] v = new double[n];
                buf.asDoubleBuffer().get(v);
                return NdArray.wrap(dtype, v, shape);
            }
            case INT8:
            case UINT8:
                return NdArray.wrap(dtype, data, shape);
            case INT16:
            case UINT16:
            case FLOAT16: {
                short[] v = new short[n];
                buf.asShortBuffer().get(v);
                return NdArray.wrap(dtype, v, shape);
            }
            case INT32: {
                int[] v = new int[n];
                buf.asIntBuffer().get(v);
                return NdArray.wrap(dtype, v, shape);
            }
            case INT64: {
                long[] v = new long[n];
                buf.asLongBuffer().get(v);
                return NdArray.wrap(dtype, v, shape);
            }
            case BOOL: {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    byte b = data[i];
                    if (b != 0 && b != 1) {
                        throw new NpyFormatException(source, "bool element " + i + " holds byte " + (b & 0xFF)
                            + " (expected 0 or 1)");
                    }
                    v[i] = b == 1;
                }
                return NdArray.wrap(dtype, v, shape);
            }
            default:
                throw new NpyFormatException(source, "unsupported dtype " + dtype);
        }
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
            switch (dtype) {
                case FLOAT32:
                    buf.asFloatBuffer().put((float[]) data, start, end - start);
                    buf.position((end - start) * 4);
                    break;
                case FLOAT64:
                    buf.asDoubleBuffer().put((double[]) data, start, end - start);
                    buf.position((end - start) * 8);
                    break;
                case INT8:
                case UINT8:
                    buf.put((byte[]) data, start, end - start);
                    break;
                case INT16:
                case UINT16:
                case FLOAT16:
                    buf.asShortBuffer().put((short[]) data, start, end - start);
                    buf.position((end - start) * 2);
                    break;
                case INT32:
                    buf.asIntBuffer().put((int[]) data, start, end - start);
                    buf.position((end - start) * 4);
                    break;
                case INT64:
                    buf.asLongBuffer().put((long[]) data, start, end - start);
                    buf.position((end - start) * 8);
                    break;
                case BOOL: {
                    boolean[] v = (boolean[]) data;
                    for (int i = start; i < end; i++) {
                        buf.put(v[i] ? (byte) 1 : (byte) 0);
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("unsupported dtype " + dtype);
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
