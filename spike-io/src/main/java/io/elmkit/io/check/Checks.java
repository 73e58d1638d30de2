package io.elmkit.io.check;

/**
 * The checks a value read from a file passes before it is used, allocated or narrowed. Each
 * throws an {@link InputFormatException} naming the source, the field, what was expected and what
 * was found; none of them allocates on success, so readers call them at the API boundary, once per
 * header or array (not per element in hot loops; see {@link #requireFinite(String, String, float[])}).
 */
public final class Checks {
    private Checks() {
    }

    /** {@code value} as an int, when it lies in {@code [min, max]}. */
    public static int toInt(String source, String field, long value, int min, int max) throws InputFormatException {
        if (value < min || value > max) {
            throw new InputFormatException(source, field, min + " .. " + max, Long.toString(value));
        }
        return (int) value;
    }

    /**
     * Element {@code index} of array {@code field} as an int in {@code [min, max]}: for loops over an
     * array's elements, where the element's name ({@code field[index]}) is built only for the error.
     */
    public static int elementToInt(String source, String field, long index, long value, int min, int max)
        throws InputFormatException {
        return value >= min && value <= max ? (int) value : toInt(source, field + "[" + index + "]", value, min, max);
    }

    /** A count or size in {@code [min, max]}, as a long. */
    public static long inRange(String source, String field, long value, long min, long max) throws InputFormatException {
        if (value < min || value > max) {
            throw new InputFormatException(source, field, min + " .. " + max, Long.toString(value));
        }
        return value;
    }

    /**
     * A double that must be a whole number in {@code [min, max]} (labels, indices stored as floats):
     * NaN, infinities and fractions are refused instead of being rounded or cast.
     */
    public static long wholeNumber(String source, String field, double value, long min, long max)
        throws InputFormatException {
        if (!(value >= min && value <= max) || value != Math.rint(value)) {
            throw new InputFormatException(source, field, "a whole number in " + min + " .. " + max,
                Double.toString(value));
        }
        return (long) value;
    }

    /** Element {@code index} of array {@code field} as {@link #wholeNumber}, its name built only for the error. */
    public static long elementWholeNumber(String source, String field, long index, double value, long min, long max)
        throws InputFormatException {
        return value >= min && value <= max && value == Math.rint(value) ? (long) value
            : wholeNumber(source, field + "[" + index + "]", value, min, max);
    }

    /** A finite double (not NaN, not infinite). */
    public static double finite(String source, String field, double value) throws InputFormatException {
        if (!Double.isFinite(value)) {
            throw new InputFormatException(source, field, "a finite number", Double.toString(value));
        }
        return value;
    }

    /** Every element finite; the first that is not is named with its flat index. */
    public static void requireFinite(String source, String field, float[] values) throws InputFormatException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InputFormatException(source, field + "[" + i + "] (flat index)", "a finite number",
                    Float.toString(values[i]));
            }
        }
    }

    /**
     * The product of {@code dims} (an array's element count), refused when a dimension is negative or
     * the product exceeds {@code max} (checked without overflow).
     */
    public static long elementCount(String source, String field, long[] dims, long max) throws InputFormatException {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new InputFormatException(source, field, "non-negative dimensions",
                    java.util.Arrays.toString(dims));
            }
            if (d != 0 && n > max / d) {
                throw new InputFormatException(source, field, "at most " + max + " elements",
                    "shape " + java.util.Arrays.toString(dims));
            }
            n *= d;
        }
        return n;
    }

    /**
     * A size declared by a file that must fit in what the file actually holds (a length prefix, a
     * count of records): refused before anything of that size is allocated.
     */
    public static long fitsIn(String source, String field, long declaredBytes, long availableBytes)
        throws InputFormatException {
        if (declaredBytes < 0 || declaredBytes > availableBytes) {
            throw new InputFormatException(source, field,
                "at most the " + availableBytes + " bytes left in the file", declaredBytes + " bytes declared");
        }
        return declaredBytes;
    }
}
