package io.elmkit.l5pc.fit;

import io.elmkit.plot.Plot;
import io.elmkit.sim.train.CurveListener;
import io.elmkit.sim.train.TrainingCurve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The NeuronIO fit's plots after every epoch: training loss, validation AUC and validation soma RMSE. */
final class NeuronioCurvePlots implements CurveListener {

    @Override
    public List<String> files() {
        return List.of("learning_curve.png", "learning_curve.svg", "validation_auc.png", "validation_auc.svg",
            "validation_soma_rmse.png", "validation_soma_rmse.svg");
    }

    @Override
    public void epochEnded(Path out, TrainingCurve curve, int bestEpoch) throws IOException {
        Map<String, Plot> plots = curvePlots(curve.epochs(), curve.trainLoss(), curve.metric(NeuronioFit.VALID_AUC),
            curve.metric(NeuronioFit.VALID_SOMA_RMSE));
        for (Map.Entry<String, Plot> p : plots.entrySet()) {
            p.getValue().save(out.resolve(p.getKey()));
        }
    }

    /**
     * learning_curve (loss), validation_auc and validation_soma_rmse over epochs, each marking the best epoch (the
     * first lowest soma RMSE: the one kept in {@code best/}).
     */
    static Map<String, Plot> curvePlots(double[] epochs, double[] loss, double[] auc, double[] rmse) {
        int best = -1;
        for (int i = 0; i < rmse.length; i++) {
            if (!Double.isNaN(rmse[i]) && (best < 0 || rmse[i] < rmse[best])) {
                best = i;
            }
        }
        String mark = best < 0 ? null : String.format(Locale.ROOT, "best epoch %d (soma RMSE %.3f mV)",
            (int) epochs[best], rmse[best]);
        boolean anyAuc = Arrays.stream(auc).anyMatch(v -> !Double.isNaN(v));
        Plot lossPlot = Plot.titled("NeuronIO fit: training loss", "epoch", "0.5 BCE + 0.5 MSE")
            .line("train loss", epochs, loss).integerX();
        Plot aucPlot = Plot.titled("NeuronIO fit: validation spike AUC" + (anyAuc ? ""
                : ": undefined (no output spike in validation)"), "epoch", "AUC")
            .line("validation AUC", epochs, auc).integerX();
        Plot rmsePlot = Plot.titled("NeuronIO fit: validation soma RMSE", "epoch", "RMSE (mV)")
            .line("validation soma RMSE", epochs, rmse).integerX();
        if (mark != null) {
            for (Plot p : List.of(lossPlot, aucPlot, rmsePlot)) {
                p.vline(mark, epochs[best]).color(Plot.RED);
            }
            rmsePlot.scatter("best/", new double[] {epochs[best]}, new double[] {rmse[best]}).color(Plot.RED);
        }
        Map<String, Plot> plots = new LinkedHashMap<>();
        plots.put("learning_curve", lossPlot);
        plots.put("validation_auc", aucPlot);
        plots.put("validation_soma_rmse", rmsePlot);
        return plots;
    }
}
