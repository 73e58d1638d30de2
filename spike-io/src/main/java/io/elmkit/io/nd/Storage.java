package io.elmkit.io.nd;

import java.nio.ByteBuffer;

/**
 * The Java array that holds a {@link DType}'s elements, and how a run of that array is read from and
 * written to bytes: one row per array type, so readers and writers of binary formats do not each
 * switch on the dtype. The buffer's byte order is the file's.
 */
public enum Storage {
    BYTES(byte[].class, (b, a, o, n) -> b.get((byte[]) a, o, n), (b, a, o, n) -> b.put((byte[]) a, o, n)),
    SHORTS(short[].class, (b, a, o, n) -> b.asShortBuffer().get((short[]) a, o, n),
        (b, a, o, n) -> b.asShortBuffer().put((short[]) a, o, n)),
    INTS(int[].class, (b, a, o, n) -> b.asIntBuffer().get((int[]) a, o, n),
        (b, a, o, n) -> b.asIntBuffer().put((int[]) a, o, n)),
    LONGS(long[].class, (b, a, o, n) -> b.asLongBuffer().get((long[]) a, o, n),
        (b, a, o, n) -> b.asLongBuffer().put((long[]) a, o, n)),
    FLOATS(float[].class, (b, a, o, n) -> b.asFloatBuffer().get((float[]) a, o, n),
        (b, a, o, n) -> b.asFloatBuffer().put((float[]) a, o, n)),
    DOUBLES(double[].class, (b, a, o, n) -> b.asDoubleBuffer().get((double[]) a, o, n),
        (b, a, o, n) -> b.asDoubleBuffer().put((double[]) a, o, n)),
    /** One byte per element, 1 for true; reading takes any non-zero byte as true (callers check 0/1 first). */
    BOOLEANS(boolean[].class, Storage::getBooleans, Storage::putBooleans);

    /** Copies {@code n} elements between {@code buffer} (from its position) and {@code array} (from {@code offset}). */
    @FunctionalInterface
    private interface Transfer {
        void apply(ByteBuffer buffer, Object array, int offset, int n);
    }

    private final Class<?> arrayClass;
    private final Transfer get;
    private final Transfer put;

    Storage(Class<?> arrayClass, Transfer get, Transfer put) {
        this.arrayClass = arrayClass;
        this.get = get;
        this.put = put;
    }

    /** The array class, e.g. {@code float[].class}. */
    public Class<?> arrayClass() {
        return arrayClass;
    }

    /** A new zero-filled array of {@code n} elements. */
    public Object newArray(int n) {
        return java.lang.reflect.Array.newInstance(arrayClass.getComponentType(), n);
    }

    /** Fills {@code array[0..n)} from {@code buffer}'s bytes at its position. */
    public void read(ByteBuffer buffer, Object array, int n) {
        get.apply(buffer, array, 0, n);
    }

    /**
     * Writes {@code array[offset..offset + n)} at {@code buffer}'s position and leaves the position
     * after them ({@code itemSizeBytes} bytes an element).
     */
    public void write(ByteBuffer buffer, Object array, int offset, int n, int itemSizeBytes) {
        int start = buffer.position();
        put.apply(buffer.slice().order(buffer.order()), array, offset, n);
        buffer.position(start + n * itemSizeBytes);
    }

    private static void getBooleans(ByteBuffer b, Object array, int offset, int n) {
        boolean[] v = (boolean[]) array;
        for (int i = 0; i < n; i++) {
            v[offset + i] = b.get() != 0;
        }
    }

    private static void putBooleans(ByteBuffer b, Object array, int offset, int n) {
        boolean[] v = (boolean[]) array;
        for (int i = 0; i < n; i++) {
            b.put(v[offset + i] ? (byte) 1 : (byte) 0);
        }
    }
}
