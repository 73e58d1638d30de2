package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Native pairs: counter-based, order-free, uniform over samples; reference pairs: whole batches in order. */
class NativePairSamplerTest {

    @Test
    void anyPairCanBeDrawnAloneInAnyOrder() {
        PairSampler inOrder = PairSampler.create(Compat.NATIVE, 42, 8156, 8);
        int[] first = new int[100];
        int[] second = new int[100];
        inOrder.nextPairs(0, 100, first, second);
        PairSampler alone = PairSampler.create(Compat.NATIVE, 42, 8156, 8);
        int[] a = new int[1];
        int[] b = new int[1];
        for (int p = 99; p >= 0; p -= 7) {
            alone.nextPairs(p, 1, a, b);
            assertArrayEquals(new int[] {first[p], second[p]}, new int[] {a[0], b[0]}, "pair " + p);
        }
    }

    @Test
    void samplesAreDrawnUniformly() {
        int n = 10;
        int pairs = 200_000;
        int[] counts = new int[n];
        PairSampler sampler = PairSampler.create(Compat.NATIVE, 7, n, 1000);
        int[] first = new int[1000];
        int[] second = new int[1000];
        for (int p = 0; p < pairs; p += 1000) {
            sampler.nextPairs(p, 1000, first, second);
            for (int i = 0; i < 1000; i++) {
                counts[first[i]]++;
                counts[second[i]]++;
            }
        }
        double expected = 2.0 * pairs / n;
        double chiSquare = 0;
        for (int c : counts) {
            chiSquare += (c - expected) * (c - expected) / expected;
        }
        // 9 degrees of freedom: the 99.9% quantile is 27.9 (fixed seed, so the outcome is fixed too).
        assertTrue(chiSquare < 27.9, "chi-square " + chiSquare);
    }

    @Test
    void referenceSamplerRefusesPartialOrOutOfOrderBatches() {
        PairSampler reference = PairSampler.create(Compat.REFERENCE, 0, 100, 4);
        int[] a = new int[4];
        int[] b = new int[4];
        IllegalStateException partial = assertThrows(IllegalStateException.class, () -> reference.nextPairs(0, 3, a, b));
        assertTrue(partial.getMessage().contains("expected pairs 0..3, asked for 0..2"), partial.getMessage());
        reference.nextPairs(0, 4, a, b);
        IllegalStateException skipped = assertThrows(IllegalStateException.class, () -> reference.nextPairs(8, 4, a, b));
        assertTrue(skipped.getMessage().contains("expected pairs 4..7, asked for 8..11"), skipped.getMessage());
        assertEquals(Compat.REFERENCE, reference.compat());
    }
}
