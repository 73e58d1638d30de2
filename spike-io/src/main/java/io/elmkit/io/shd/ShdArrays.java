package io.elmkit.io.shd;

import java.lang.reflect.Array;

/** Conversions of the primitive arrays jhdf returns to the types {@link ShdSamples} hands out. */
final class ShdArrays {
    private ShdArrays() {
    }

    /** Spike times as float: float16 and float32 exactly, float64 rounded to nearest. */
    static float[] floats(Object data, String file, String field) {
        if (data instanceof float[]) {
            return (float[]) data;
        }
        if (data instanceof double[]) {
            double[] d = (double[]) data;
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        throw new ShdInputException(file, field, "floating-point seconds", describe(data));
    }

    /**
     * Channels as int; a value outside the int range becomes -1, which the consumers refuse as a
     * channel with the sample and spike index (a range check here would duplicate theirs).
     */
    static int[] ints(Object data, String file, String field) {
        if (data instanceof int[]) {
            return (int[]) data;
        }
        if (data instanceof long[] || data instanceof short[] || data instanceof byte[]) {
            int n = Array.getLength(data);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                long v = ((Number) Array.get(data, i)).longValue();
                out[i] = v == (int) v ? (int) v : -1;
            }
            return out;
        }
        throw new ShdInputException(file, field, "integer channels", describe(data));
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
