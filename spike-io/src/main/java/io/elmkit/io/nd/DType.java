package io.elmkit.io.nd;

/**
 * Element types an {@link NdArray} can hold, with the NumPy type character and item size of each.
 * Unsigned and half-precision types keep their raw bits in the next wider-or-equal signed Java
 * array ({@code uint8 -> byte[]}, {@code uint16 -> short[]}, {@code float16 -> short[]}); the
 * accessors of {@link NdArray} interpret them.
 */
public enum DType {
    FLOAT16("f2", 2),
    FLOAT32("f4", 4),
    FLOAT64("f8", 8),
    INT8("i1", 1),
    INT16("i2", 2),
    INT32("i4", 4),
    INT64("i8", 8),
    UINT8("u1", 1),
    UINT16("u2", 2),
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
