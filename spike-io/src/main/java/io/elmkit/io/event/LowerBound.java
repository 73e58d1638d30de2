package io.elmkit.io.event;

import java.util.function.IntPredicate;

/**
 * Binary search for the first element at or after a key in sorted data (events sorted by step, by
 * pair, by (sample, step)), written once for every sorted event array we search.
 */
public final class LowerBound {
    private LowerBound() {
    }

    /**
     * The first index in {@code [0, size)} whose element is not before the key, or {@code size}:
     * {@code before} must hold for a prefix of the indices and for none after it (sorted data).
     */
    public static int of(int size, IntPredicate before) {
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
