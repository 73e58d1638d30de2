package io.elmkit.sim.plot;

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
}
