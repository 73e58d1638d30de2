package io.elmkit.cli;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ReferenceBinning;
import io.elmkit.shd.train.ShdAddingTraining;
import io.elmkit.shd.train.ShdTraining;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elmkit eval shd|shd-adding}: test accuracy of a model. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluates a model on SHD tasks.",
    footerHeading = "%nExamples:%n",
    footer = {"  elmkit eval shd --model runs/shd/best --test shd_test.h5",
        "  elmkit eval shd-adding --model runs/adding/best --test shd_test.h5 \\",
        "      --batches 200 --json"},
    subcommands = {EvalCommand.Shd.class, EvalCommand.ShdAdding.class})
final class EvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options both tasks share. */
    abstract static class Base implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory: model_config.json and one .pt (e.g. DIR/best of a training run).")
        Path modelDir;
        @Option(names = "--test", required = true, paramLabel = "shd_test.h5", description = "SHD test file.")
        Path test;
        @Option(names = "--bin-ms", description = "Bin size in ms (default: the model's delta_t).") Double binMs;
        @Option(names = "--batch-size", defaultValue = "8", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--json", description = "Print JSON (default: a sentence).") boolean json;
        @Option(names = "--threads", description = "Worker threads (default: all cores).") Integer threads;

        /** Loads the model and checks that its outputs are the task's classes, before any data is read. */
        ElmModel loadFor(String task, int classes) throws IOException {
            ElmModel model = ModelDirectory.load(modelDir);
            if (model.numOutput() != classes) {
                throw new InputFormatException(modelDir.resolve(ModelDirectory.CONFIG_FILE).toString(), "num_output",
                    classes + " (the " + task + " classes)", Integer.toString(model.numOutput()));
            }
            return model;
        }

        /**
         * The --test samples binned at --bin-ms (default: the model's delta_t), checked to have as many
         * channels as the model reads inputs.
         */
        BinnedSamples testSamples(ElmModel model) throws IOException {
            double bin = binMs != null ? binMs : model.config().deltaTMs();
            BinnedSamples samples = new BinnedSamples(JhdfShdSamples.read(test), ReferenceBinning.ofBinMs(bin));
            if (model.numInput() != samples.numChannels()) {
                throw new InputFormatException(modelDir.resolve(ModelDirectory.CONFIG_FILE).toString(), "num_input",
                    samples.numChannels() + " (the channels of " + test + ")", Integer.toString(model.numInput()));
            }
            return samples;
        }

        /** --threads, or every core. */
        int threads() {
            return threads != null ? threads : Runtime.getRuntime().availableProcessors();
        }

        void print(String task, double accuracy, long samples) {
            if (json) {
                System.out.printf(Locale.ROOT, "{\"task\": \"%s\", \"test_accuracy\": %.17g, \"samples\": %d}%n", task,
                    accuracy, samples);
            } else {
                System.out.printf(Locale.ROOT, "%s test accuracy: %.4f (%d samples)%n", task, accuracy, samples);
            }
        }
    }

    @Command(name = "shd", mixinStandardHelpOptions = true, description = "Test accuracy on SHD (last output).",
        footerHeading = "%nExamples:%n",
        footer = {"  elmkit eval shd --model runs/shd/best --test shd_test.h5",
            "  elmkit eval shd --model runs/shd/best --test shd_test.h5 --json"})
    static final class Shd extends Base {
        @Override
        public Integer call() throws Exception {
            ElmModel model = loadFor("SHD", BinnedSamples.NUM_SHD_CLASSES);
            BinnedSamples test = testSamples(model);
            print("shd", ShdTraining.accuracy(model, test, batchSize, threads(), ProgressMeter.start("test samples",
                test.size(), System.err)), test.size());
            return 0;
        }
    }

    @Command(name = "shd-adding", mixinStandardHelpOptions = true,
        description = {"Test accuracy on SHD-Adding pairs.", "Pairs are drawn with --seed (the reference re-seeds the test stream with 0)."},
        footerHeading = "%nExamples:%n",
        footer = {"  elmkit eval shd-adding --model runs/adding/best --test shd_test.h5",
            "  # a quick estimate on 200 batches of 8 pairs",
            "  elmkit eval shd-adding --model runs/adding/best --test shd_test.h5 \\",
            "      --batches 200 --json"})
    static final class ShdAdding extends Base {
        @Option(names = "--batches", defaultValue = "2000",
            description = "Batches of test pairs; the reference's test budget (default: ${DEFAULT-VALUE}).")
        int batches;
        @Option(names = "--seed", defaultValue = "0", description = "Seed of the test pairs (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            ElmModel model = loadFor("SHD-Adding", ShdAddingTraining.CLASSES);
            BinnedSamples test = testSamples(model);
            print("shd-adding", ShdAddingTraining.accuracy(model, test, batchSize, batches, seed, 0, threads(),
                ProgressMeter.start("test batches", batches, System.err)), (long) batches * batchSize);
            return 0;
        }
    }
}
