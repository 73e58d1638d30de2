package io.elmkit.io.nd;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntPredicate;

/**
 * Index arithmetic over sorted arrays, written once for every array we sort or search (events by
 * step, by pair, by (sample, step); scores; spike times): a stable sort order, parallel arrays put
 * in that order, and a lower bound.
 */
public final class Indices {
    private Indices() {
    }

    /**
     * The indices {@code 0 .. n-1} sorted by {@code order} (comparing two indices), stable: indices that
     * compare equal keep their order.
     */
    public static int[] stableOrder(int n, Comparator<Integer> order) {
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, order); // a merge sort for objects: stable
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = boxed[i];
        }
        return sorted;
    }

    /** {@code values} in {@code order}: element i is {@code values[order[i]]}. */
    public static long[] permuted(long[] values, int[] order) {
        return Arrays.stream(order).mapToLong(o -> values[o]).toArray();
    }

    /** {@code values} in {@code order}: element i is {@code values[order[i]]}. */
    public static int[] permuted(int[] values, int[] order) {
        return Arrays.stream(order).map(o -> values[o]).toArray();
    }

    /** {@code values} in {@code order}: element i is {@code values[order[i]]}. */
    public static float[] permuted(float[] values, int[] order) {
        float[] out = new float[order.length]; // no FloatStream in the JDK
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    /**
     * The first index in {@code [0, size)} whose element is not before the key, or {@code size}:
     * {@code before} must hold for a prefix of the indices and for none after it (sorted data).
     */
    public static int lowerBound(int size, IntPredicate before) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before.test(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
