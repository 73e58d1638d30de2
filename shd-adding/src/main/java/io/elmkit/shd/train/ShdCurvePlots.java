package io.elmkit.shd.train;

import io.elmkit.plot.Plot;
import io.elmkit.sim.train.CurveListener;
import io.elmkit.sim.train.TrainingCurve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The SHD tasks' plots after every epoch: learning_curve (train and validation accuracy against
 * chance) and training_loss, both marking the epoch kept in best/.
 *
 * @param task the task's name in the titles ("SHD-Adding")
 * @param classes the number of classes (chance is 1 / classes)
 */
record ShdCurvePlots(String task, int classes) implements CurveListener {

    @Override
    public List<String> files() {
        return List.of("learning_curve.png", "learning_curve.svg", "training_loss.png", "training_loss.svg");
    }

    @Override
    public void epochEnded(Path out, TrainingCurve curve, int bestEpoch) throws IOException {
        double[] e = curve.epochs();
        double[] va = curve.metric(ShdTask.VALIDATION_ACCURACY);
        double[] chance = new double[e.length];
        Arrays.fill(chance, 1.0 / classes);
        Plot accuracy = Plot.titled(task + " learning curve", "epoch", "accuracy")
            .line("train", e, curve.metric(ShdTask.TRAIN_ACCURACY)).line("validation", e, va)
            .dashed("chance (1/" + classes + ")", e, chance).color(Plot.GREY).yRange(0, 1).integerX();
        Plot lossPlot = Plot.titled(task + " training loss", "epoch", "cross-entropy")
            .line("train loss", e, curve.trainLoss()).integerX();
        int best = indexOf(e, bestEpoch);
        if (best >= 0) {
            String mark = String.format(Locale.ROOT, "best epoch %d (validation %.3f)", bestEpoch, va[best]);
            accuracy.vline(mark, e[best]).color(Plot.RED);
            lossPlot.vline(mark, e[best]).color(Plot.RED);
        }
        accuracy.save(out.resolve("learning_curve"));
        lossPlot.save(out.resolve("training_loss"));
    }

    private static int indexOf(double[] epochs, int epoch) {
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] == epoch) {
                return i;
            }
        }
        return -1;
    }
}
