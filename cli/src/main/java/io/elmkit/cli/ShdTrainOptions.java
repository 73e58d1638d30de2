package io.elmkit.cli;

import picocli.CommandLine.Mixin;
import io.elmkit.cli.options.BinMsOption;
import io.elmkit.cli.options.BatchSizeOption;
import io.elmkit.shd.train.ShdSettings;
import io.elmkit.sim.train.RunSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code train shd} and {@code train shd-adding} share: the SHD files, batch size,
 * binning, model shape, input dropout and validation split. A picocli mixin; its defaults are the
 * command's task's {@link ShdSettings} ({@link RecordDefaults}: fields are named like the record's
 * components).
 */
final class ShdTrainOptions {
    @Option(names = "--train", required = true, paramLabel = "shd_train.h5",
        description = "SHD train file (training samples or pairs and, from a held-out split, validation).")
    Path train;
    @Option(names = "--test", required = true, paramLabel = "shd_test.h5",
        description = "SHD test file (SHD-Adding draws its test pairs with seed 0, as the reference does).")
    Path test;
    @Mixin
    BatchSizeOption batchSize;
    @Mixin
    BinMsOption binMs;
    @Option(names = "--memory", description = "num_memory d_m (default: ${DEFAULT-VALUE}).") int numMemory;
    @Option(names = "--branches", description = "num_branch (must divide 700; default: 700, the plain ELM).")
    Integer numBranch;
    @Option(names = "--dropout", description = "Input dropout on training batches (default: ${DEFAULT-VALUE}).")
    double inputDropout;
    @Option(names = "--tau-min", description = "Smallest memory time constant in ms (default: ${DEFAULT-VALUE}).")
    double tauMinMs;
    @Option(names = "--tau-max", description = "Largest memory time constant in ms (default: ${DEFAULT-VALUE}).")
    double tauMaxMs;
    @Option(names = "--validation-fraction", description = "Share of the train file held out for validation"
        + " (default: ${DEFAULT-VALUE}).")
    double validationFraction;
    @Option(names = "--seeded-split", description = "Draw the validation split from --seed instead of the reference's"
        + " numpy default_rng(0).binomial(1, fraction, n) (default: off).")
    boolean seededSplit;

    /** The SHD settings as typed, with {@code run}. */
    ShdSettings settings(RunSettings run) {
        return ShdSettings.builder().run(run).batchSize(batchSize.batchSize()).binMs(binMs.binMs()).numMemory(numMemory).numBranch(numBranch)
            .memoryTauMs(tauMinMs, tauMaxMs).inputDropout(inputDropout).validationSplit(validationFraction, seededSplit).build();
    }
}
