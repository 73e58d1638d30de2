package io.elmkit.cli;

import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ReferenceBinning;
import io.elmkit.shd.train.ShdAddingTraining;
import io.elmkit.shd.train.ShdTraining;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elmkit eval shd|shd-adding}: test accuracy of a model. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluates a model on SHD tasks.",
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
        @Option(names = "--model", required = true, paramLabel = "DIR") Path modelDir;
        @Option(names = "--test", required = true, paramLabel = "shd_test.h5") Path test;
        @Option(names = "--bin-ms", description = "Bin size in ms (default: the model's delta_t).") Double binMs;
        @Option(names = "--batch-size", defaultValue = "8") int batchSize;
        @Option(names = "--json", description = "Print JSON.") boolean json;
        @Option(names = "--threads") Integer threads;

        void print(String task, double accuracy, long samples) {
            if (json) {
                System.out.printf(Locale.ROOT, "{\"task\": \"%s\", \"test_accuracy\": %.17g, \"samples\": %d}%n", task,
                    accuracy, samples);
            } else {
                System.out.printf(Locale.ROOT, "%s test accuracy: %.4f (%d samples)%n", task, accuracy, samples);
            }
        }
    }

    @Command(name = "shd", mixinStandardHelpOptions = true, description = "Test accuracy on SHD (last output).")
    static final class Shd extends Base {
        @Override
        public Integer call() throws Exception {
            ElmModel model = ModelDirectory.load(modelDir);
            double bin = binMs != null ? binMs : model.config().deltaTMs();
            BinnedSamples test = new BinnedSamples(JhdfShdSamples.read(this.test), ReferenceBinning.ofBinMs(bin));
            ShdTraining.Settings s = new ShdTraining.Settings();
            s.batchSize = batchSize;
            if (threads != null) {
                s.threads = threads;
            }
            print("shd", ShdTraining.accuracy(model, test, s), test.size());
            return 0;
        }
    }

    @Command(name = "shd-adding", mixinStandardHelpOptions = true,
        description = "Test accuracy on SHD-Adding pairs drawn with --seed (the reference re-seeds the test stream with 0).")
    static final class ShdAdding extends Base {
        @Option(names = "--batches", defaultValue = "2000") int batches;
        @Option(names = "--seed", defaultValue = "0") long seed;

        @Override
        public Integer call() throws Exception {
            ElmModel model = ModelDirectory.load(modelDir);
            double bin = binMs != null ? binMs : model.config().deltaTMs();
            BinnedSamples test = new BinnedSamples(JhdfShdSamples.read(this.test), ReferenceBinning.ofBinMs(bin));
            ShdAddingTraining.Settings s = new ShdAddingTraining.Settings();
            s.batchSize = batchSize;
            s.binMs = bin;
            s.inputDropout = 0;
            if (threads != null) {
                s.threads = threads;
            }
            print("shd-adding", ShdAddingTraining.accuracy(model, test, s, batches, seed), (long) batches * batchSize);
            return 0;
        }
    }
}
