package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.plot.Plot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairOutputPlotTest {

    private static float[] outputs(int pairs, int steps, int classes) {
        float[] y = new float[pairs * steps * classes];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.sin(i * 0.37);
        }
        return y;
    }

    @Test
    void everyClassIsDrawnAndTrueAndPredictedAreNamed(@TempDir Path dir) throws Exception {
        int classes = 19;
        Plot p = PairOutputPlot.of(outputs(2, 30, classes), 1, 30, classes, 10, 7, 12);
        assertEquals(classes, p.seriesNames().size(), "one series per output d_o: " + p.seriesNames());
        assertEquals(List.of("other classes (17)", "predicted: sum 12", "true: sum 7"), p.legendNames());
        assertTrue(p.title().contains("true sum 7") && p.title().contains("predicted sum 12") && p.title().contains("wrong"),
            p.title());
        assertTrue(Files.size(p.save(dir.resolve("pair"))) > 1000);
    }

    @Test
    void aCorrectPredictionIsOneHighlightedCurve() {
        Plot p = PairOutputPlot.of(outputs(1, 20, 19), 0, 20, 19, 10, 4, 4);
        assertEquals(19, p.seriesNames().size());
        assertEquals(List.of("other classes (18)", "true = predicted: sum 4"), p.legendNames());
        assertTrue(p.title().contains("correct"), p.title());
    }
}
