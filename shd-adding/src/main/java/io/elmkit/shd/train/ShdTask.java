package io.elmkit.shd.train;

import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.train.TrainingLoop;
import io.elmkit.sim.train.TrainingTask;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * What the SHD tasks share as {@link TrainingTask}s: cross-entropy on the last output (in each
 * task's batches), train and validation accuracy after each epoch, the best validation accuracy
 * keeps best/, and after the run the test accuracy of best/. Subclasses supply the batches and how
 * accuracy is measured.
 */
abstract class ShdTask implements TrainingTask {
    static final String TRAIN_ACCURACY = "train_accuracy";
    static final String VALIDATION_ACCURACY = "validation_accuracy";
    /** The curve file (read by the Python package too). */
    static final String CURVE_FILE = "learning_curve.csv";

    final ShdSplit data;
    final ShdSettings settings;
    final int classes;

    ShdTask(ShdSplit data, ShdSettings settings, int classes) {
        this.data = data;
        this.settings = settings;
        this.classes = classes;
    }

    /** Which samples an accuracy is measured on; names the progress line. */
    enum Part {
        TRAIN("train-accuracy"), VALIDATION("validation"), TEST("test");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    /** Accuracy of {@code model} on {@code samples}; {@code seed} draws the pairs where the task draws them. */
    abstract double accuracy(ElmModel model, BinnedSamples samples, Part part, long seed, PrintStream log)
        throws InterruptedException;

    /** Model steps per training sample and what a sample is, for the log ("200 steps per pair"). */
    abstract String stepsPerSample();

    @Override
    public final List<String> metricNames() {
        return List.of(TRAIN_ACCURACY, VALIDATION_ACCURACY);
    }

    @Override
    public final Best best() {
        return new Best(1, "best_validation_accuracy", true);
    }

    @Override
    public final double[] evaluate(ElmModel model, int epoch, PrintStream log) throws InterruptedException {
        double train = accuracy(model, data.train(), Part.TRAIN, settings.run().seed() + 1000 + epoch, log);
        return new double[] {train, accuracy(model, data.valid(), Part.VALIDATION, 0, log)};
    }

    @Override
    public final String summary(double trainLoss, double[] m, boolean improved) {
        return String.format(Locale.ROOT, "train loss %.4f, train acc %.3f, validation acc %.3f (chance %.3f)",
            trainLoss, m[0], m[1], 1.0 / classes);
    }

    /**
     * A whole SHD run: checks {@code out}, bins the data, trains a fresh model ({@link ShdModels#initial})
     * on the task {@code newTask} makes, and reports the test accuracy of best/ unless stopped early.
     */
    static ShdOutcome run(String title, int classes, ShdSamples trainFile, ShdSamples testFile, Path out,
                          ShdSettings s, BiFunction<ShdSplit, ShdSettings, ShdTask> newTask, PrintStream log)
        throws IOException, InterruptedException {
        // Checked first: a run that would lose a user's files stops before any work.
        TrainingLoop loop = TrainingLoop.open(out, s.run(), CURVE_FILE, List.of(new ShdCurvePlots(title, classes)), log);
        ShdSplit data = ShdSplit.of(trainFile, testFile, s);
        ShdTask task = newTask.apply(data, s);
        int channels = data.channels();
        ElmModel model = ShdModels.initial(channels, classes, s.numMemory(), s.numBranch(), s.tauMinMs(),
            s.tauMaxMs(), s.binMs(), s.run().seed());
        int branches = model.numBranch();
        log.printf(Locale.ROOT, "model: %d inputs, %d branches x %d, d_m %d, %d parameters; %d train / %d validation /"
                + " %d test samples, %s%n", channels, branches, channels / branches, s.numMemory(),
            model.trainableParameterCount(), data.train().size(), data.valid().size(), data.test().size(),
            task.stepsPerSample());
        TrainingLoop.Result r = loop.train(task, model);
        if (r.stoppedEarly()) {
            return new ShdOutcome(r.curve(), r.best(), r.bestEpoch(), Double.NaN, r.bestModel());
        }
        double test = task.accuracy(ModelDirectory.load(r.bestModel()), data.test(), Part.TEST, 0, log);
        log.printf(Locale.ROOT, "test accuracy of the best checkpoint (epoch %d, validation %.3f): %.3f (chance %.3f)%n",
            r.bestEpoch(), r.best(), test, 1.0 / classes);
        return new ShdOutcome(r.curve(), r.best(), r.bestEpoch(), test, r.bestModel());
    }
}
