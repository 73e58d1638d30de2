package io.elmkit.io.nd;

/**
 * Element types an {@link NdArray} can hold, with the NumPy type character and item size of each.
 * Unsigned and half-precision types keep their raw bits in the next wider-or-equal signed Java
 * array ({@code uint8 -> byte[]}, {@code uint16 -> short[]}, {@code float16 -> short[]}); the
 * accessors of {@link NdArray} interpret them.
 */
public enum DType {
    /** IEEE half precision, NumPy {@code f2}. */
    FLOAT16("f2", 2),
    /** IEEE single precision, NumPy {@code f4}. */
    FLOAT32("f4", 4),
    /** IEEE double precision, NumPy {@code f8}. */
    FLOAT64("f8", 8),
    /** Signed 8-bit integer, NumPy {@code i1}. */
    INT8("i1", 1),
    /** Signed 16-bit integer, NumPy {@code i2}. */
    INT16("i2", 2),
    /** Signed 32-bit integer, NumPy {@code i4}. */
    INT32("i4", 4),
    /** Signed 64-bit integer, NumPy {@code i8}. */
    INT64("i8", 8),
    /** Unsigned 8-bit integer, NumPy {@code u1}. */
    UINT8("u1", 1),
    /** Unsigned 16-bit integer, NumPy {@code u2}. */
    UINT16("u2", 2),
    /** Boolean, one byte, NumPy {@code b1} ({@code ?}). */
    BOOL("b1", 1);

    private final String numpyCode;
    private final int itemSizeBytes;

    DType(String numpyCode, int itemSizeBytes) {
        this.numpyCode = numpyCode;
        this.itemSizeBytes = itemSizeBytes;
    }

    /** NumPy kind and size without byte order, e.g. {@code "f4"}. */
    public String numpyCode() {
        return numpyCode;
    }

    /** Bytes per element in a file. */
    public int itemSizeBytes() {
        return itemSizeBytes;
    }

    /** The Java array that holds elements of this type (raw bits for unsigned and half), and how it meets bytes. */
    public Storage storage() {
        return switch (this) {
            case FLOAT32 -> Storage.FLOATS;
            case FLOAT64 -> Storage.DOUBLES;
            case INT8, UINT8 -> Storage.BYTES;
            case INT16, UINT16, FLOAT16 -> Storage.SHORTS;
            case INT32 -> Storage.INTS;
            case INT64 -> Storage.LONGS;
            case BOOL -> Storage.BOOLEANS;
        };
    }

    /** True for float16, float32 and float64. */
    public boolean isFloatingPoint() {
        return this == FLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    /** The type for a NumPy kind+size code such as {@code "f4"}, or null when unsupported. */
    public static DType fromNumpyCode(String code) {
        for (DType t : values()) {
            if (t.numpyCode.equals(code)) {
                return t;
            }
        }
        return null;
    }
}
