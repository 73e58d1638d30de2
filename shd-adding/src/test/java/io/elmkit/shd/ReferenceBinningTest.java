package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmkit.io.nd.Half;
import io.elmkit.io.shd.ReferenceBinning;
import org.junit.jupiter.api.Test;

/** The reference binning against NumPy's arange + digitize (vectors made by NumPy). */
class ReferenceBinningTest {

    @Test
    void edgesAndBinCountMatchNumpyArange() {
        for (JsonNode c : NumpyVectors.get().get("binning")) {
            ReferenceBinning binning = ReferenceBinning.ofBinMs(c.get("bin_ms").asDouble());
            String what = "bin " + c.get("bin_ms").asText() + " ms";
            assertEquals(c.get("num_edges").asInt() - 1, binning.numBins(), what + " bins");
            assertEquals(c.get("last_edge").asDouble(), binning.cutoffSeconds(), 0.0, what + " last edge");
            double[] edges = binning.edgesSeconds();
            JsonNode expected = c.get("edges");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).asDouble(), edges[i], 0.0, what + " edge " + i);
            }
        }
    }

    @Test
    void everyFloat16TimeBelowTwoSecondsLandsInNumpysBin() {
        int checked = 0;
        for (JsonNode c : NumpyVectors.get().get("binning")) {
            ReferenceBinning binning = ReferenceBinning.ofBinMs(c.get("bin_ms").asDouble());
            JsonNode runs = c.get("runs");
            int run = 0;
            for (int bits = 0; bits < 0x4000; bits++) {
                while (run + 1 < runs.size() && runs.get(run + 1).get(0).asInt() <= bits) {
                    run++;
                }
                int numpyBin = runs.get(run).get(1).asInt();
                // NumPy's last bin (index T) is the one the reference cuts off.
                int expected = numpyBin == binning.numBins() ? -1 : numpyBin;
                float t = Half.toFloat((short) bits);
                assertEquals(expected, binning.binOf(t), "bin " + c.get("bin_ms").asText() + " ms, t = " + t + " (float16 bits " + bits + ")");
                checked++;
            }
        }
        assertTrue(checked > 200_000);
    }

    @Test
    void timesOnAnEdgeStartTheNextBinAndTheCutoffDrops() {
        ReferenceBinning binning = ReferenceBinning.ofBinMs(10);
        assertEquals(100, binning.numBins());
        assertEquals(0, binning.binOf(0.0));
        assertEquals(1, binning.binOf(0.01));             // exactly on edge 1 (edges are i * 0.01 in float64)
        assertEquals(0, binning.binOf(Math.nextDown(0.01)));
        assertEquals(99, binning.binOf(Math.nextDown(1.0)));
        assertEquals(-1, binning.binOf(1.0));
        assertEquals(-1, binning.binOf(Double.POSITIVE_INFINITY));
        // 3 ms does not divide 1 s: the reference keeps spikes up to its last edge, 1.002 s.
        ReferenceBinning three = ReferenceBinning.ofBinMs(3);
        assertEquals(334, three.numBins());
        assertEquals(333, three.binOf(1.001));
    }

    @Test
    void badBinWidthsAreRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e-6}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceBinning.ofBinMs(bad));
            assertTrue(e.getMessage().startsWith("bin_ms: expected"), e.getMessage());
        }
    }
}
