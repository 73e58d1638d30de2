package io.elmkit.io.nd;

/** IEEE 754 half-precision (binary16) conversions; Java 17 has no Float.float16ToFloat. */
public final class Half {
    private Half() {
    }

    /** The float value of half-precision bits (exact: every half is a float). */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            // Inf or NaN: keep the payload's top bits.
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mantissa * 2^-24, exact in float.
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** Half-precision bits of a float, rounding to nearest even (as NumPy's astype(float16)). */
    public static short fromFloat(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exponent = (f >>> 23) & 0xFF;
        int mantissa = f & 0x7FFFFF;
        if (exponent == 0xFF) {
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // Subnormal: shift the implicit-one mantissa into place, round half to even.
            int m = mantissa | 0x800000;
            int shift = 14 - e;
            int half = 1 << (shift - 1);
            int rounded = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            if (rest > half || (rest == half && (rounded & 1) == 1)) {
                rounded++;
            }
            return (short) (sign | rounded);
        }
        int rounded = mantissa >>> 13;
        int rest = mantissa & 0x1FFF;
        int bits = sign | (e << 10) | rounded;
        if (rest > 0x1000 || (rest == 0x1000 && (rounded & 1) == 1)) {
            bits++; // may carry into the exponent, which is the correct result
        }
        return (short) bits;
    }
}
