package io.elmkit.cli;

import io.elmkit.cli.options.BatchSizeOption;
import io.elmkit.cli.options.SeedOption;
import io.elmkit.cli.options.JsonFlag;
import io.elmkit.cli.options.ModelCommand;
import io.elmkit.cli.options.GroupCommand;
import io.elmkit.cli.options.ModelOption;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.train.ShdAddingTraining;
import io.elmkit.shd.train.ShdTraining;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code elmkit eval shd|shd-adding}: test accuracy of a model. */
@Command(name = "eval", subcommands = {EvalCommand.Shd.class, EvalCommand.ShdAdding.class})
final class EvalCommand extends GroupCommand {
    /** Options both tasks share. */
    abstract static class Base extends ModelCommand implements Callable<Integer> {
        /** The defaults of --batch-size and --seed: the reference's evaluation (batches of 8, test pairs drawn with seed 0). */
        static final class Defaults extends RecordDefaults {
            Defaults() {
                super(ShdAddingCommand.REFERENCE_DEFAULTS);
            }
        }

        /** A task: its name in messages and output, and the outputs (classes) its models have. */
        record Task(String name, int classes) {
        }

        private final Task task;

        Base(Task task) {
            this.task = task;
        }

        @Option(names = "--test", required = true, paramLabel = "shd_test.h5", descriptionKey = "eval.test") Path test;
        @Option(names = "--bin-ms", descriptionKey = "eval.bin-ms") Double binMs;
        @Mixin BatchSizeOption batchSize;
        @Mixin JsonFlag json;
        @Mixin ThreadsOption threads;

        /** The model's accuracy on the test samples, with progress on stderr. */
        abstract double accuracy(ElmModel model, BinnedSamples test) throws Exception;

        /** The samples {@link #accuracy} counts. */
        abstract long samples(BinnedSamples test);

        @Override
        public final Integer call() throws Exception {
            ElmModel model = load();
            BinnedSamples test = testSamples(model);
            print(task.name().toLowerCase(Locale.ROOT), accuracy(model, test), samples(test));
            return 0;
        }

        /** Loads the model and checks that its outputs are the task's classes, before any data is read. */
        private ElmModel load() throws IOException {
            ElmModel model = modelOption.load();
            if (model.numOutput() != task.classes()) {
                throw new InputFormatException(modelOption.dir().resolve(ModelDirectory.CONFIG_FILE).toString(), "num_output",
                    task.classes() + " (the " + task.name() + " classes)", Integer.toString(model.numOutput()));
            }
            return model;
        }

        /**
         * The test file binned at --bin-ms, else at the model's delta_t, checked to have as many channels as
         * the model reads inputs.
         */
        private BinnedSamples testSamples(ElmModel model) throws IOException {
            double bin = binMs != null ? binMs : model.config().deltaTMs();
            BinnedSamples samples = new BinnedSamples(JhdfShdSamples.read(test), ReferenceBinning.ofBinMs(bin));
            if (model.numInput() != samples.numChannels()) {
                throw new InputFormatException(modelOption.dir().resolve(ModelDirectory.CONFIG_FILE).toString(), "num_input",
                    samples.numChannels() + " (the channels of " + test + ")", Integer.toString(model.numInput()));
            }
            return samples;
        }

        private void print(String task, double accuracy, long samples) {
            if (json.json()) {
                System.out.printf(Locale.ROOT, "{\"task\": \"%s\", \"test_accuracy\": %.17g, \"samples\": %d}%n", task,
                    accuracy, samples);
            } else {
                System.out.printf(Locale.ROOT, "%s test accuracy: %.4f (%d samples)%n", task, accuracy, samples);
            }
        }
    }

    @Command(name = "shd", defaultValueProvider = Base.Defaults.class)
    static final class Shd extends Base {
        Shd() {
            super(new Task("SHD", BinnedSamples.NUM_SHD_CLASSES));
        }

        @Override
        double accuracy(ElmModel model, BinnedSamples test) throws Exception {
            return ShdTraining.accuracy(model, test, batchSize.batchSize(), threads.count(),
                ProgressMeter.start("test samples", test.size(), System.err));
        }

        @Override
        long samples(BinnedSamples test) {
            return test.size();
        }
    }

    @Command(name = "shd-adding", defaultValueProvider = Base.Defaults.class)
    static final class ShdAdding extends Base {
        @Option(names = "--batches", defaultValue = "2000", descriptionKey = "eval.batches") int batches;
        @Mixin SeedOption seed;

        ShdAdding() {
            super(new Task("SHD-Adding", ShdAddingTraining.CLASSES));
        }

        @Override
        double accuracy(ElmModel model, BinnedSamples test) throws Exception {
            return ShdAddingTraining.accuracy(model, test, batchSize.batchSize(), batches, seed.seed(), 0, threads.count(),
                ProgressMeter.start("test batches", batches, System.err));
        }

        @Override
        long samples(BinnedSamples test) {
            return (long) batches * batchSize.batchSize();
        }
    }
}
