package io.elmkit.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {

    @Test
    void writesPngAndSvgOfTheRequestedSize(@TempDir Path dir) throws Exception {
        double[] x = {0, 1, 2, 3};
        double[] y = {1.0, 0.5, 0.3, 0.2};
        Path png = Plot.titled("Learning curve", "step", "loss").size(400, 300)
            .line("train", x, y).dashed("chance", x, new double[] {0.9, 0.9, 0.9, 0.9})
            .save(dir.resolve("curves/curve"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(400, image.getWidth());
        assertEquals(300, image.getHeight());
        String svg = Files.readString(dir.resolve("curves/curve.svg"));
        assertTrue(svg.contains("<svg"), "SVG output has an svg element");
    }

    @Test
    void mismatchedSeriesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Plot.titled("t", "x", "y").line("soma", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("soma"), e.getMessage());
    }

    @Test
    void tickStepsAreOneTwoFiveTimesAPowerOfTen() {
        assertEquals(100, Plot.tickStep(1000, 10));
        assertEquals(200, Plot.tickStep(1100, 10));
        assertEquals(0.5, Plot.tickStep(3.2, 8));
        assertEquals(0.002, Plot.tickStep(0.018, 10));
        assertEquals(1e-5, Plot.tickStep(9e-5, 10));
        for (double span : new double[] {0.0173, 0.3, 7, 13, 99.9, 223, 2240, 6000, 1e7}) {
            for (int n = 2; n <= 12; n++) {
                double step = Plot.tickStep(span, n);
                double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-12));
                assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9,
                    "step " + step + " for span " + span);
                assertTrue(span / step <= n + 1e-9, "at most " + n + " intervals for span " + span + ": step " + step);
            }
        }
    }

    @Test
    void ticksAreRoundValuesInsideTheRange() {
        // The ranges that gave 223 ms / 231 ms and 10/110/210 ms ticks before.
        assertArrayEquals(new double[] {500, 1000, 1500, 2000}, Plot.ticks(223, 2231, 10), 1e-9);
        assertArrayEquals(new double[] {224, 226, 228, 230}, Plot.ticks(223, 231, 4), 1e-9);
        assertArrayEquals(new double[] {0, 500, 1000, 1500, 2000}, Plot.ticks(0, 2240, 6), 1e-9);
        assertArrayEquals(new double[] {0.05, 0.1, 0.15, 0.2, 0.25, 0.3}, Plot.ticks(0.05, 0.31, 6), 0);
        for (double t : Plot.ticks(10, 2240, 8)) {
            assertEquals(0, t % 500, 1e-9, "tick " + t);
        }
    }

    @Test
    void rangesAreWidenedToWholeTicksAndFlatRangesStillGetTicks() {
        assertArrayEquals(new double[] {0, 0.14}, Plot.niceRange(new double[] {0.0012, 0.1311}, 8), 1e-12);
        assertArrayEquals(new double[] {1, 7}, Plot.niceRange(new double[] {1, 7}, 8), 0);
        double[] flat = Plot.niceRange(new double[] {0.6931471805599453, 0.6931471805599453}, 6);
        assertTrue(flat[0] < 0.6931 && flat[1] > 0.6932, java.util.Arrays.toString(flat));
        double[] ticks = Plot.ticks(flat[0], flat[1], 6);
        assertTrue(ticks.length >= 2, java.util.Arrays.toString(ticks));
        for (double t : ticks) {
            assertTrue(Plot.tickLabel(t, Plot.tickStep(flat[1] - flat[0], 6)).length() <= 5, "short label for " + t);
        }
    }

    @Test
    void tickLabelsCarryTheStepsDecimalsOnly() {
        assertEquals("0.3", Plot.tickLabel(0.1 + 0.2, 0.1));
        assertEquals("0.0025", Plot.tickLabel(0.0025, 0.0005));
        assertEquals("1500", Plot.tickLabel(1500.0000000002, 500));
        assertEquals("0.69", Plot.tickLabel(0.6931471805599453, 0.01));
    }

    @Test
    void aPlotsAxesUseTheTickPolicyAndFixedRangesAsGiven() {
        double[] x = new double[224];
        double[] y = new double[224];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 * (i + 1);
            y[i] = 0.3 * Math.sin(i / 10.0);
        }
        Plot p = Plot.titled("t", "time (ms)", "y").line("a", x, y).size(1000, 350);
        assertArrayEquals(new double[] {0, 2500}, p.xAxisRange(), 0);
        for (double t : p.xTicks()) {
            assertEquals(0, t % 500, 1e-9, "x tick " + t);
        }
        Plot fixed = Plot.titled("t", "x", "y").line("a", x, y).xRange(0, 2).yRange(0, 100);
        assertArrayEquals(new double[] {0, 2}, fixed.xAxisRange(), 0);
        assertArrayEquals(new double[] {0, 100}, fixed.yAxisRange(), 0);
    }

    @Test
    void referenceLinesAndRastersAreDrawnAndNamed(@TempDir Path dir) throws Exception {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        double[] y = {1.0, 0.8, 0.7, 0.65, 0.66, 0.7, 0.75};
        Plot p = Plot.titled("Validation", "epoch", "RMSE (mV)").line("validation", x, y)
            .vline("best epoch 4", 4).hline("target", 0.7).raster("spikes", new double[] {1.5, 2.5}, 0.9, 1.0)
            .raster("none", new double[0], 0.9, 1.0);
        assertEquals(java.util.List.of("validation", "best epoch 4", "target", "spikes", "none"), p.seriesNames());
        assertTrue(Files.size(p.save(dir.resolve("v"))) > 1000);
        assertThrows(IllegalArgumentException.class, () -> Plot.titled("t", "x", "y").xRange(2, 1));
    }

    @Test
    void aOneEpochCurveStillDrawsWithWholeEpochTicks(@TempDir Path dir) throws Exception {
        Plot p = Plot.titled("one epoch", "epoch", "loss").line("train loss", new double[] {1}, new double[] {0.6931471805599453})
            .vline("best epoch 1", 1).integerX();
        assertArrayEquals(new double[] {1}, p.xTicks(), 0);
        Path png = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
            () -> p.save(dir.resolve("one")));
        assertTrue(Files.size(png) > 1000);
    }
}
