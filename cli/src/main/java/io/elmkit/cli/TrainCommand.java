package io.elmkit.cli;

import io.elmkit.io.shd.JhdfShdSamples;

import io.elmkit.shd.train.ShdAddingTraining;
import io.elmkit.shd.train.ShdTraining;
import io.elmkit.sim.train.Optimizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elmkit train}: training commands. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains ELM models.",
    subcommands = {TrainCommand.ShdAdding.class, TrainCommand.Shd.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code elmkit train shd-adding}. */
    @Command(name = "shd-adding", mixinStandardHelpOptions = true,
        description = {"Trains an ELM on SHD-Adding (defaults: the reference notebook's setup, spec section 4).",
            "Writes DIR/best (best validation checkpoint), DIR/last, learning_curve.csv/.png/.svg."})
    static final class ShdAdding implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "shd_train.h5") Path train;
        @Option(names = "--test", required = true, paramLabel = "shd_test.h5") Path test;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
        @Option(names = "--epochs", defaultValue = "10") int epochs;
        @Option(names = "--batches-per-epoch", defaultValue = "2000") int batchesPerEpoch;
        @Option(names = "--validation-batches", defaultValue = "500") int validationBatches;
        @Option(names = "--test-batches", defaultValue = "2000") int testBatches;
        @Option(names = "--batch-size", defaultValue = "8") int batchSize;
        @Option(names = "--bin-ms", defaultValue = "10") double binMs;
        @Option(names = "--memory", defaultValue = "100", description = "num_memory (d_m).") int memory;
        @Option(names = "--branches", description = "num_branch (must divide 700); default 700 (plain ELM).")
        Integer branches;
        @Option(names = "--lr", defaultValue = "5e-3") double learningRate;
        @Option(names = "--optimizer", defaultValue = "adamax", paramLabel = "adam|adamax") String optimizer;
        @Option(names = "--dropout", defaultValue = "0.5", description = "Input dropout on training batches.")
        double dropout;
        @Option(names = "--dropout-in-eval", description = "The notebook's quirk: dropout in validation/test too.")
        boolean dropoutInEval;
        @Option(names = "--tau-min", defaultValue = "1") double tauMin;
        @Option(names = "--tau-max", defaultValue = "500") double tauMax;
        @Option(names = "--seed", defaultValue = "0") long seed;
        @Option(names = "--threads", description = "Worker threads (default: all cores).") Integer threads;
        @Option(names = "--resume", description = "Continue from DIR/training_state.npz and DIR/last.") boolean resume;
        @Option(names = "--stop-after-epoch", defaultValue = "0", description = "Stop after this epoch (resume later).")
        int stopAfterEpoch;
        @Option(names = "--validation-fraction", defaultValue = "0.2") double validationFraction;
        @Option(names = "--seeded-split", description = "Draw the validation split from --seed instead of the reference's"
            + " numpy default_rng(0).binomial(1, fraction, n).") boolean seededSplit;

        @Override
        public Integer call() throws Exception {
            ShdAddingTraining.Settings s = new ShdAddingTraining.Settings();
            s.validationFraction = validationFraction;
            s.seededSplit = seededSplit;
            s.resume = resume;
            s.stopAfterEpoch = stopAfterEpoch;
            s.epochs = epochs;
            s.batchesPerEpoch = batchesPerEpoch;
            s.validationBatches = validationBatches;
            s.testBatches = testBatches;
            s.batchSize = batchSize;
            s.binMs = binMs;
            s.numMemory = memory;
            s.numBranch = branches;
            s.learningRate = learningRate;
            s.optimizer = Optimizer.Kind.valueOf(optimizer.toUpperCase(Locale.ROOT));
            s.inputDropout = dropout;
            s.dropoutInEvaluation = dropoutInEval;
            s.tauMinMs = tauMin;
            s.tauMaxMs = tauMax;
            s.seed = seed;
            if (threads != null) {
                s.threads = threads;
            }
            ShdAddingTraining.Outcome o = ShdAddingTraining.run(JhdfShdSamples.read(train), JhdfShdSamples.read(test),
                out, s, System.err);
            if (Double.isNaN(o.testAccuracy())) {
                System.out.printf(Locale.ROOT, "stopped early; best validation accuracy so far %.4f (epoch %d)%n",
                    o.bestValidationAccuracy(), o.bestEpoch());
                return 0;
            }
            System.out.printf(Locale.ROOT, "best validation accuracy %.4f (epoch %d); test accuracy %.4f; model %s%n",
                o.bestValidationAccuracy(), o.bestEpoch(), o.testAccuracy(), o.bestModel());
            return 0;
        }
    }

    /** {@code elmkit train shd}. */
    @Command(name = "shd", mixinStandardHelpOptions = true,
        description = {"Trains an ELM on SHD classification (defaults: the paper's setup, spec section 4).",
            "Writes DIR/best (best validation checkpoint), DIR/last, learning_curve.csv/.png/.svg."})
    static final class Shd implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "shd_train.h5") Path train;
        @Option(names = "--test", required = true, paramLabel = "shd_test.h5") Path test;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
        @Option(names = "--epochs", defaultValue = "70") int epochs;
        @Option(names = "--batch-size", defaultValue = "8") int batchSize;
        @Option(names = "--bin-ms", defaultValue = "2") double binMs;
        @Option(names = "--memory", defaultValue = "100") int memory;
        @Option(names = "--branches", description = "num_branch (must divide 700); default 700 (plain ELM).")
        Integer branches;
        @Option(names = "--lr", defaultValue = "5e-3") double learningRate;
        @Option(names = "--optimizer", defaultValue = "adamax", paramLabel = "adam|adamax") String optimizer;
        @Option(names = "--dropout", defaultValue = "0.5") double dropout;
        @Option(names = "--tau-min", defaultValue = "1") double tauMin;
        @Option(names = "--tau-max", defaultValue = "150") double tauMax;
        @Option(names = "--seed", defaultValue = "0") long seed;
        @Option(names = "--threads") Integer threads;
        @Option(names = "--resume", description = "Continue from DIR/training_state.npz and DIR/last.") boolean resume;
        @Option(names = "--stop-after-epoch", defaultValue = "0", description = "Stop after this epoch (resume later).")
        int stopAfterEpoch;
        @Option(names = "--validation-fraction", defaultValue = "0.2") double validationFraction;
        @Option(names = "--seeded-split", description = "Draw the validation split from --seed instead of the reference's"
            + " numpy default_rng(0).binomial(1, fraction, n).") boolean seededSplit;

        @Override
        public Integer call() throws Exception {
            ShdTraining.Settings s = new ShdTraining.Settings();
            s.resume = resume;
            s.stopAfterEpoch = stopAfterEpoch;
            s.validationFraction = validationFraction;
            s.seededSplit = seededSplit;
            s.epochs = epochs;
            s.batchSize = batchSize;
            s.binMs = binMs;
            s.numMemory = memory;
            s.numBranch = branches;
            s.learningRate = learningRate;
            s.optimizer = Optimizer.Kind.valueOf(optimizer.toUpperCase(Locale.ROOT));
            s.inputDropout = dropout;
            s.tauMinMs = tauMin;
            s.tauMaxMs = tauMax;
            s.seed = seed;
            if (threads != null) {
                s.threads = threads;
            }
            ShdAddingTraining.Outcome o = ShdTraining.run(JhdfShdSamples.read(train), JhdfShdSamples.read(test), out, s,
                System.err);
            if (Double.isNaN(o.testAccuracy())) {
                System.out.printf(Locale.ROOT, "stopped early; best validation accuracy so far %.4f (epoch %d)%n",
                    o.bestValidationAccuracy(), o.bestEpoch());
                return 0;
            }
            System.out.printf(Locale.ROOT, "best validation accuracy %.4f (epoch %d); test accuracy %.4f; model %s%n",
                o.bestValidationAccuracy(), o.bestEpoch(), o.testAccuracy(), o.bestModel());
            return 0;
        }
    }
}
