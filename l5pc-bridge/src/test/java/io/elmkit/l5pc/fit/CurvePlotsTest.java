package io.elmkit.l5pc.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.plot.Plot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurvePlotsTest {

    @Test
    void everyCurveMarksTheBestEpochByValidationSomaRmse() {
        double[] epochs = {1, 2, 3, 4, 5};
        double[] loss = {0.2, 0.1, 0.08, 0.07, 0.069};
        double[] auc = {0.8, 0.9, 0.95, 0.93, 0.92};
        double[] rmse = {2.0, 1.5, 1.2, 1.2, 1.3};
        Map<String, Plot> plots = NeuronioCurvePlots.curvePlots(epochs, loss, auc, rmse);
        assertEquals(java.util.List.of("learning_curve", "validation_auc", "validation_soma_rmse"),
            java.util.List.copyOf(plots.keySet()));
        for (Plot p : plots.values()) {
            assertTrue(p.legendNames().contains("best epoch 3 (soma RMSE 1.200 mV)"), p.title() + ": " + p.legendNames());
            for (double t : p.xTicks()) {
                assertEquals(Math.rint(t), t, 0, "whole epochs only: " + t);
            }
        }
    }

    @Test
    void aValidationSetWithoutSpikesSaysWhyTheAucIsMissing() {
        double[] nan = {Double.NaN, Double.NaN};
        Map<String, Plot> plots = NeuronioCurvePlots.curvePlots(new double[] {1, 2}, new double[] {1, 0.5}, nan,
            new double[] {1.5, 1.4});
        assertTrue(plots.get("validation_auc").title().contains("no output spike"), plots.get("validation_auc").title());
    }
}
