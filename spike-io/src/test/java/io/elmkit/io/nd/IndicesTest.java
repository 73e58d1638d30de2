package io.elmkit.io.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IndicesTest {

    @Test
    void stableOrderKeepsTiesInIndexOrder() {
        long[] steps = {3, 1, 3, 0, 1, 3};
        int[] order = Indices.stableOrder(steps.length, (a, b) -> Long.compare(steps[a], steps[b]));
        assertArrayEquals(new int[] {3, 1, 4, 0, 2, 5}, order);
        assertArrayEquals(new int[0], Indices.stableOrder(0, (a, b) -> 0));
    }

    @Test
    void permutedPutsParallelArraysInTheOrder() {
        int[] order = {2, 0, 1};
        assertArrayEquals(new long[] {30, 10, 20}, Indices.permuted(new long[] {10, 20, 30}, order));
        assertArrayEquals(new int[] {3, 1, 2}, Indices.permuted(new int[] {1, 2, 3}, order));
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, Indices.permuted(new float[] {-1f, 2f, 0.5f}, order));
        assertArrayEquals(new long[0], Indices.permuted(new long[] {1}, new int[0]));
    }

    @Test
    void lowerBoundFindsTheFirstElementNotBeforeTheKey() {
        int[] sorted = {0, 2, 2, 2, 5, 7};
        assertEquals(1, Indices.lowerBound(sorted.length, i -> sorted[i] < 2), "first of a run of equal keys");
        assertEquals(4, Indices.lowerBound(sorted.length, i -> sorted[i] < 3), "a key between elements");
        assertEquals(0, Indices.lowerBound(sorted.length, i -> sorted[i] < -1), "every element after the key");
        assertEquals(6, Indices.lowerBound(sorted.length, i -> sorted[i] < 99), "every element before the key");
        assertEquals(0, Indices.lowerBound(0, i -> true), "empty");
    }
}
