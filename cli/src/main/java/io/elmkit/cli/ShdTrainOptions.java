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
    @Option(names = "--train", required = true, paramLabel = "shd_train.h5") Path train;
    @Option(names = "--test", required = true, paramLabel = "shd_test.h5") Path test;
    @Mixin BatchSizeOption batchSize;
    @Mixin BinMsOption binMs;
    @Option(names = "--memory") int numMemory;
    @Option(names = "--branches") Integer numBranch;
    @Option(names = "--dropout") double inputDropout;
    @Option(names = "--tau-min") double tauMinMs;
    @Option(names = "--tau-max") double tauMaxMs;
    @Option(names = "--validation-fraction") double validationFraction;
    @Option(names = "--seeded-split") boolean seededSplit;

    /** The SHD settings as typed, with {@code run}. */
    ShdSettings settings(RunSettings run) {
        return ShdSettings.builder().run(run).batchSize(batchSize.batchSize()).binMs(binMs.binMs()).numMemory(numMemory).numBranch(numBranch)
            .memoryTauMs(tauMinMs, tauMaxMs).inputDropout(inputDropout).validationSplit(validationFraction, seededSplit).build();
    }
}
