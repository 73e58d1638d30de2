package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArrayShdSamplesTest {

    @Test
    void handsOutCopiesSoTheArraysStayAsGiven() {
        float[][] times = {{0.1f, 0.2f}};
        int[][] units = {{3, 4}};
        ArrayShdSamples samples = new ArrayShdSamples("two spikes", 700, new int[] {5}, times, units);
        samples.timesSeconds(0)[0] = 9f;
        samples.units(0)[0] = 9;
        assertArrayEquals(new float[] {0.1f, 0.2f}, samples.timesSeconds(0));
        assertArrayEquals(new int[] {3, 4}, samples.units(0));
        assertEquals(1, samples.size());
        assertEquals(5, samples.label(0));
        assertEquals(700, samples.numChannels());
        assertEquals("two spikes", samples.source());
    }

    @Test
    void refusesArraysOfDifferentSampleCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ArrayShdSamples("odd", 700, new int[] {1, 2}, new float[1][], new int[2][]));
        assertEquals("odd: labels, times and units: expected one each per sample, found 2, 1, 2", e.getMessage());
    }
}
