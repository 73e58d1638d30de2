package io.elmkit.io.nd;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A dense, C-ordered n-dimensional array: a shape, an element type and one primitive Java array
 * holding the elements. The common currency between file formats (.npy, .npz, .pt) and the model.
 *
 * <p>Storage by type: FLOAT32 {@code float[]}, FLOAT64 {@code double[]}, INT8/UINT8 {@code byte[]},
 * INT16/UINT16/FLOAT16 {@code short[]} (raw bits for the unsigned and half types), INT32
 * {@code int[]}, INT64 {@code long[]}, BOOL {@code boolean[]}.
 */
public final class NdArray {
    private final DType dtype;
    private final int[] shape;
    private final Object data;
    private final int size;

    private NdArray(DType dtype, int[] shape, Object data) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.size = checkedSize(this.shape);
        this.data = Objects.requireNonNull(data, "data");
        int length = java.lang.reflect.Array.getLength(data);
        if (length != size) {
            throw new IllegalArgumentException(
                "data length " + length + " does not match shape " + Arrays.toString(shape) + " (size " + size + ")");
        }
        Class<?> expected = storageClass(dtype);
        if (data.getClass() != expected) {
            throw new IllegalArgumentException(
                dtype + " needs " + expected.getSimpleName() + " storage, got " + data.getClass().getSimpleName());
        }
    }

    /** Wraps {@code data} (not copied) as an array of the given type and shape. */
    public static NdArray wrap(DType dtype, Object data, int... shape) {
        return new NdArray(dtype, shape, data);
    }

    /** A float32 array over {@code data} (not copied), C order. */
    public static NdArray ofFloats(float[] data, int... shape) {
        return new NdArray(DType.FLOAT32, shape, data);
    }

    /** A float64 array over {@code data} (not copied), C order. */
    public static NdArray ofDoubles(double[] data, int... shape) {
        return new NdArray(DType.FLOAT64, shape, data);
    }

    /** An int32 array over {@code data} (not copied), C order. */
    public static NdArray ofInts(int[] data, int... shape) {
        return new NdArray(DType.INT32, shape, data);
    }

    /** An int64 array over {@code data} (not copied), C order. */
    public static NdArray ofLongs(long[] data, int... shape) {
        return new NdArray(DType.INT64, shape, data);
    }

    /** A bool array over {@code data} (not copied), C order. */
    public static NdArray ofBooleans(boolean[] data, int... shape) {
        return new NdArray(DType.BOOL, shape, data);
    }

    /** A scalar (shape {@code ()}) of type INT64. */
    public static NdArray scalarLong(long value) {
        return new NdArray(DType.INT64, new int[0], new long[] {value});
    }

    /** A scalar (shape {@code ()}) of type FLOAT64. */
    public static NdArray scalarDouble(double value) {
        return new NdArray(DType.FLOAT64, new int[0], new double[] {value});
    }

    /** A scalar (shape {@code ()}) of type BOOL. */
    public static NdArray scalarBoolean(boolean value) {
        return new NdArray(DType.BOOL, new int[0], new boolean[] {value});
    }

    /** A zero-filled array of the given type and shape. */
    public static NdArray zeros(DType dtype, int... shape) {
        int n = checkedSize(shape);
        return new NdArray(dtype, shape, dtype.storage().newArray(n));
    }

    /** The Java array class that holds elements of {@code dtype} (see {@link DType}). */
    public static Class<?> storageClass(DType dtype) {
        return dtype.storage().arrayClass();
    }

    private static int checkedSize(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("array too large for one Java array: shape " + Arrays.toString(shape));
            }
        }
        return (int) n;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Length of axis {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return size;
    }

    /** The backing primitive array (not a copy); its class depends on {@link #dtype()}. */
    public Object data() {
        return data;
    }

    /** Element at a flat C-order index, widened to double (unsigned and half types decoded). */
    public double getDouble(int flatIndex) {
        switch (dtype) {
            case FLOAT32: return ((float[]) data)[flatIndex];
            case FLOAT64: return ((double[]) data)[flatIndex];
            case INT8: return ((byte[]) data)[flatIndex];
            case UINT8: return ((byte[]) data)[flatIndex] & 0xFF;
            case INT16: return ((short[]) data)[flatIndex];
            case UINT16: return ((short[]) data)[flatIndex] & 0xFFFF;
            case FLOAT16: return Half.toFloat(((short[]) data)[flatIndex]);
            case INT32: return ((int[]) data)[flatIndex];
            case INT64: return ((long[]) data)[flatIndex];
            case BOOL: return ((boolean[]) data)[flatIndex] ? 1.0 : 0.0;
            default: throw new IllegalStateException();
        }
    }

    /** Element at a flat C-order index as a long; floating-point values must be integral. */
    public long getLong(int flatIndex) {
        switch (dtype) {
            case INT8: return ((byte[]) data)[flatIndex];
            case UINT8: return ((byte[]) data)[flatIndex] & 0xFF;
            case INT16: return ((short[]) data)[flatIndex];
            case UINT16: return ((short[]) data)[flatIndex] & 0xFFFF;
            case INT32: return ((int[]) data)[flatIndex];
            case INT64: return ((long[]) data)[flatIndex];
            case BOOL: return ((boolean[]) data)[flatIndex] ? 1L : 0L;
            default:
                double v = getDouble(flatIndex);
                long l = (long) v;
                if (l != v) {
                    throw new IllegalStateException("element " + flatIndex + ": expected an integer, found " + v
                        + " (read arrays from files with toLongArray(source, field))");
                }
                return l;
        }
    }

    /** All elements as a new float[] (values converted). */
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) {
            return ((float[]) data).clone();
        }
        double[] wide = toDoubleArray();
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) wide[i];
        }
        return out;
    }

    /** All elements as a new double[] (values converted). */
    public double[] toDoubleArray() {
        return dtype == DType.FLOAT64 ? ((double[]) data).clone()
            : IntStream.range(0, size).mapToDouble(this::getDouble).toArray();
    }

    /** All elements as a new long[]; floating-point elements must be integral. */
    public long[] toLongArray() {
        return dtype == DType.INT64 ? ((long[]) data).clone()
            : IntStream.range(0, size).mapToLong(this::getLong).toArray();
    }

    /** All elements as a new int[]; each must fit in an int. */
    public int[] toIntArray() {
        return IntStream.range(0, size).map(this::intAt).toArray();
    }

    private int intAt(int i) {
        long v = getLong(i);
        if (v != (int) v) {
            throw new IllegalStateException("element " + i + ": expected an int32, found " + v);
        }
        return (int) v;
    }

    /**
     * All elements as longs for an array read from {@code source}: integer dtypes as they are, floating
     * ones only when every element is a whole number within a long (NaN, inf and fractions refused).
     */
    public long[] toLongArray(String source, String field) throws InputFormatException {
        if (!dtype.isFloatingPoint()) {
            return toLongArray();
        }
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = Checks.elementWholeNumber(source, field, i, getDouble(i), Long.MIN_VALUE + 1, Long.MAX_VALUE - 1);
        }
        return out;
    }

    /** All elements as ints in {@code [min, max]} for an array read from {@code source} (see {@link #toLongArray(String, String)}). */
    public int[] toIntArray(String source, String field, int min, int max) throws InputFormatException {
        long[] v = toLongArray(source, field);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = Checks.elementToInt(source, field, i, v[i], min, max);
        }
        return out;
    }

    /** The same elements viewed with another shape of equal size (storage shared). */
    public NdArray reshape(int... newShape) {
        return new NdArray(dtype, newShape, data);
    }

    /** Element-wise and shape equality; floating-point compared bit for bit (NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NdArray)) {
            return false;
        }
        NdArray other = (NdArray) o;
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        switch (dtype) {
            case FLOAT32: return Arrays.equals((float[]) data, (float[]) other.data);
            case FLOAT64: return Arrays.equals((double[]) data, (double[]) other.data);
            case INT8:
            case UINT8: return Arrays.equals((byte[]) data, (byte[]) other.data);
            case INT16:
            case UINT16:
            case FLOAT16: return Arrays.equals((short[]) data, (short[]) other.data);
            case INT32: return Arrays.equals((int[]) data, (int[]) other.data);
            case INT64: return Arrays.equals((long[]) data, (long[]) other.data);
            case BOOL: return Arrays.equals((boolean[]) data, (boolean[]) other.data);
            default: return false;
        }
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
