package io.elmkit.sim.engine;

import java.util.Arrays;

/** Pairs of ints in two parallel arrays that double when full, reused from step to step (fields read directly by the shard's loops). */
final class IntPairs {
    int[] first = new int[16];
    int[] second = new int[16];
    int count;

    void add(int a, int b) {
        if (count == first.length) {
            grow();
        }
        first[count] = a;
        second[count++] = b;
    }

    private void grow() {
        first = Arrays.copyOf(first, 2 * count);
        second = Arrays.copyOf(second, 2 * count);
    }
}
