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
    footerHeading = "%nExamples:%n",
    footer = {"  elmkit train shd-adding --train shd_train.h5 --test shd_test.h5 \\",
        "      --out runs/adding --epochs 3 --batches-per-epoch 50",
        "  elmkit train shd --train shd_train.h5 --test shd_test.h5 --out runs/shd"},
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
        description = {"Trains an ELM on SHD-Adding.",
            "Defaults: the reference notebook's setup (docs/tasks.md).",
            "Writes DIR/best (best validation checkpoint), DIR/last, learning_curve.csv/.png/.svg."},
        footerHeading = "%nExamples:%n",
        footer = {"  elmkit train shd-adding --train shd_train.h5 --test shd_test.h5 \\",
            "      --out runs/adding",
            "  # a short run (minutes): validation 13 and test 50 batches by default",
            "  elmkit train shd-adding --train shd_train.h5 --test shd_test.h5 \\",
            "      --out runs/quick --epochs 3 --batches-per-epoch 50 --memory 20"})
    static final class ShdAdding implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "shd_train.h5",
            description = "SHD train file (pairs for training and, from a held-out split, validation).")
        Path train;
        @Option(names = "--test", required = true, paramLabel = "shd_test.h5",
            description = "SHD test file (test pairs, drawn with seed 0 as the reference does).")
        Path test;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created;"
            + " a fresh run needs it missing or empty unless --force).")
        Path out;
        @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batches-per-epoch", defaultValue = "2000",
            description = "Training batches per epoch (default: ${DEFAULT-VALUE}).")
        int batchesPerEpoch;
        @Option(names = "--validation-batches", paramLabel = "N", description = "Batches for the validation and"
            + " train accuracy after each epoch (default: a quarter of --batches-per-epoch, 500 at its default).")
        Integer validationBatches;
        @Option(names = "--test-batches", paramLabel = "N", description = "Batches for the final test accuracy"
            + " (default: --batches-per-epoch, 2000 at its default).")
        Integer testBatches;
        @Option(names = "--batch-size", defaultValue = "8", description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--bin-ms", defaultValue = "10",
            description = "Bin (= model step, delta_t) in ms; the reference notebook's (default: ${DEFAULT-VALUE}).")
        double binMs;
        @Option(names = "--memory", defaultValue = "100", description = "num_memory d_m (default: ${DEFAULT-VALUE}).")
        int memory;
        @Option(names = "--branches", description = "num_branch (must divide 700; default: 700, the plain ELM).")
        Integer branches;
        @Option(names = "--lr", defaultValue = "5e-3",
            description = "Learning rate, cosine decay to 0 (default: ${DEFAULT-VALUE}).")
        double learningRate;
        @Option(names = "--optimizer", defaultValue = "adamax", paramLabel = "adam|adamax",
            description = "Optimizer (default: ${DEFAULT-VALUE}).")
        Optimizer.Kind optimizer;
        @Option(names = "--dropout", defaultValue = "0.5",
            description = "Input dropout on training batches (default: ${DEFAULT-VALUE}).")
        double dropout;
        @Option(names = "--dropout-in-eval", description = "The notebook's quirk: dropout in validation/test too"
            + " (default: off).")
        boolean dropoutInEval;
        @Option(names = "--tau-min", defaultValue = "1", description = "Smallest memory time constant in ms"
            + " (default: ${DEFAULT-VALUE}).")
        double tauMin;
        @Option(names = "--tau-max", defaultValue = "500", description = "Largest memory time constant in ms"
            + " (default: ${DEFAULT-VALUE}).")
        double tauMax;
        @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, pairs and dropout"
            + " (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--threads", description = "Worker threads (default: all cores).") Integer threads;
        @Option(names = "--resume", description = "Continue the run saved in DIR (training_state.npz and DIR/last;"
            + " default: off).")
        boolean resume;
        @Option(names = "--force", description = "Start a fresh run in a non-empty DIR; files elmkit did not write"
            + " are kept (default: off).")
        boolean force;
        @Option(names = "--stop-after-epoch", defaultValue = "0", description = "Stop after this epoch, to --resume"
            + " later (default: ${DEFAULT-VALUE}, run all).")
        int stopAfterEpoch;
        @Option(names = "--validation-fraction", defaultValue = "0.2", description = "Share of the train file held"
            + " out for validation (default: ${DEFAULT-VALUE}).")
        double validationFraction;
        @Option(names = "--seeded-split", description = "Draw the validation split from --seed instead of the reference's"
            + " numpy default_rng(0).binomial(1, fraction, n) (default: off).") boolean seededSplit;

        @Override
        public Integer call() throws Exception {
            ShdAddingTraining.Settings s = new ShdAddingTraining.Settings();
            s.validationFraction = validationFraction;
            s.seededSplit = seededSplit;
            s.resume = resume;
            s.stopAfterEpoch = stopAfterEpoch;
            s.epochs = epochs;
            s.batchesPerEpoch = batchesPerEpoch;
            s.validationBatches = validationBatches != null ? validationBatches
                : ShdAddingTraining.validationBatchesFor(batchesPerEpoch);
            s.testBatches = testBatches != null ? testBatches : ShdAddingTraining.testBatchesFor(batchesPerEpoch);
            s.force = force;
            s.batchSize = batchSize;
            s.binMs = binMs;
            s.numMemory = memory;
            s.numBranch = branches;
            s.learningRate = learningRate;
            s.optimizer = optimizer;
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
        description = {"Trains an ELM on SHD classification.",
            "Defaults: the paper's setup (docs/tasks.md).",
            "Writes DIR/best (best validation checkpoint), DIR/last, learning_curve.csv/.png/.svg."},
        footerHeading = "%nExamples:%n",
        footer = {"  elmkit train shd --train shd_train.h5 --test shd_test.h5 --out runs/shd",
            "  # continue it after a stop (or with --stop-after-epoch N)",
            "  elmkit train shd --train shd_train.h5 --test shd_test.h5 --out runs/shd \\",
            "      --resume"})
    static final class Shd implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "shd_train.h5",
            description = "SHD train file (training samples and, from a held-out split, validation).")
        Path train;
        @Option(names = "--test", required = true, paramLabel = "shd_test.h5", description = "SHD test file.")
        Path test;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created;"
            + " a fresh run needs it missing or empty unless --force).")
        Path out;
        @Option(names = "--epochs", defaultValue = "70", description = "Epochs, each over every training sample"
            + " (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch-size", defaultValue = "8", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--bin-ms", defaultValue = "2",
            description = "Bin (= model step, delta_t) in ms; the paper's SHD runs (default: ${DEFAULT-VALUE}).")
        double binMs;
        @Option(names = "--memory", defaultValue = "100", description = "num_memory d_m (default: ${DEFAULT-VALUE}).")
        int memory;
        @Option(names = "--branches", description = "num_branch (must divide 700; default: 700, the plain ELM).")
        Integer branches;
        @Option(names = "--lr", defaultValue = "5e-3",
            description = "Learning rate, cosine decay to 0 (default: ${DEFAULT-VALUE}).")
        double learningRate;
        @Option(names = "--optimizer", defaultValue = "adamax", paramLabel = "adam|adamax",
            description = "Optimizer (default: ${DEFAULT-VALUE}).")
        Optimizer.Kind optimizer;
        @Option(names = "--dropout", defaultValue = "0.5",
            description = "Input dropout on training batches (default: ${DEFAULT-VALUE}).")
        double dropout;
        @Option(names = "--tau-min", defaultValue = "1", description = "Smallest memory time constant in ms"
            + " (default: ${DEFAULT-VALUE}).")
        double tauMin;
        @Option(names = "--tau-max", defaultValue = "150", description = "Largest memory time constant in ms"
            + " (default: ${DEFAULT-VALUE}).")
        double tauMax;
        @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, shuffling and dropout"
            + " (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--threads", description = "Worker threads (default: all cores).") Integer threads;
        @Option(names = "--resume", description = "Continue the run saved in DIR (training_state.npz and DIR/last;"
            + " default: off).")
        boolean resume;
        @Option(names = "--force", description = "Start a fresh run in a non-empty DIR; files elmkit did not write"
            + " are kept (default: off).")
        boolean force;
        @Option(names = "--stop-after-epoch", defaultValue = "0", description = "Stop after this epoch, to --resume"
            + " later (default: ${DEFAULT-VALUE}, run all).")
        int stopAfterEpoch;
        @Option(names = "--validation-fraction", defaultValue = "0.2", description = "Share of the train file held"
            + " out for validation (default: ${DEFAULT-VALUE}).")
        double validationFraction;
        @Option(names = "--seeded-split", description = "Draw the validation split from --seed instead of the reference's"
            + " numpy default_rng(0).binomial(1, fraction, n) (default: off).") boolean seededSplit;

        @Override
        public Integer call() throws Exception {
            ShdTraining.Settings s = new ShdTraining.Settings();
            s.resume = resume;
            s.force = force;
            s.stopAfterEpoch = stopAfterEpoch;
            s.validationFraction = validationFraction;
            s.seededSplit = seededSplit;
            s.epochs = epochs;
            s.batchSize = batchSize;
            s.binMs = binMs;
            s.numMemory = memory;
            s.numBranch = branches;
            s.learningRate = learningRate;
            s.optimizer = optimizer;
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
