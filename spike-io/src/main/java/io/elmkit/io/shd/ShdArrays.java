package io.elmkit.io.shd;

import java.lang.reflect.Array;
import java.util.function.IntFunction;

/** Conversions of the primitive arrays jhdf returns to the types {@link ShdSamples} hands out. */
final class ShdArrays {
    private ShdArrays() {
    }

    /**
     * Spike times as float (float16 and float32 exactly, float64 rounded to nearest), each checked
     * finite and {@code >= 0}: the one check of every reader path (lazy, eager, flat, ragged), so no
     * consumer bins a negative or NaN time. {@code element} names spike {@code s} in errors.
     */
    static float[] times(Object data, String file, String field, IntFunction<String> element) {
        float[] out;
        if (data instanceof float[]) {
            out = (float[]) data;
        } else if (data instanceof double[]) {
            double[] d = (double[]) data;
            out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
        } else {
            throw new ShdInputException(file, field, "floating-point seconds", describe(data));
        }
        for (int i = 0; i < out.length; i++) {
            // also refuses NaN and infinities; a float64 time too large for float is +inf here
            if (!(out[i] >= 0 && out[i] < Float.POSITIVE_INFINITY)) {
                throw new ShdInputException(file, element.apply(i), "a finite time >= 0 s",
                    data instanceof double[] ? Double.toString(((double[]) data)[i]) : Float.toString(out[i]));
            }
        }
        return out;
    }

    /**
     * Channels as int, each checked in {@code 0 .. numChannels - 1} before it is narrowed (a 64-bit
     * unit of 2^32 is refused as itself, not wrapped). {@code element} names spike {@code s} in errors.
     */
    static int[] units(Object data, String file, String field, IntFunction<String> element, int numChannels) {
        if (data instanceof int[]) {
            int[] units = (int[]) data;
            for (int i = 0; i < units.length; i++) {
                if (units[i] < 0 || units[i] >= numChannels) {
                    throw badUnit(file, element.apply(i), numChannels, units[i]);
                }
            }
            return units;
        }
        if (data instanceof long[] || data instanceof short[] || data instanceof byte[]) {
            int n = Array.getLength(data);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                long v = ((Number) Array.get(data, i)).longValue();
                if (v < 0 || v >= numChannels) {
                    throw badUnit(file, element.apply(i), numChannels, v);
                }
                out[i] = (int) v;
            }
            return out;
        }
        throw new ShdInputException(file, field, "integer channels", describe(data));
    }

    private static ShdInputException badUnit(String file, String field, int numChannels, long found) {
        return new ShdInputException(file, field, "a channel in 0.." + (numChannels - 1), Long.toString(found));
    }

    /** A 1-d integer dataset's values as long. */
    static long[] longs(Object data, String file, String field) {
        if (data instanceof long[]) {
            return (long[]) data;
        }
        if (data instanceof int[] || data instanceof short[] || data instanceof byte[]) {
            int n = Array.getLength(data);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) Array.get(data, i)).longValue();
            }
            return out;
        }
        throw new ShdInputException(file, field, "a 1-d integer dataset", describe(data));
    }

    static String describe(Object data) {
        return data == null ? "no data" : data.getClass().getSimpleName() + " data";
    }
}
