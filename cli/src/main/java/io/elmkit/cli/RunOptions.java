package io.elmkit.cli;

import picocli.CommandLine.Mixin;
import io.elmkit.cli.options.SeedOption;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.sim.train.Optimizer;
import io.elmkit.sim.train.RunSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every training command shares ({@code train shd}, {@code train shd-adding},
 * {@code fit-neuronio}): output directory, epochs, optimiser, learning rate, seed, threads, resume,
 * force, stop-after-epoch. A picocli mixin; its defaults are the command's task's {@link RunSettings}
 * ({@link RecordDefaults}: fields are named like the record's components).
 */
final class RunOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--epochs") int epochs;
    @Option(names = "--optimizer", paramLabel = "adam|adamax") Optimizer.Kind optimizer;
    @Option(names = "--lr") double learningRate;
    @Mixin SeedOption seed;
    @Mixin ThreadsOption threads;
    @Option(names = "--resume") boolean resume;
    @Option(names = "--force") boolean force;
    @Option(names = "--stop-after-epoch") int stopAfterEpoch;

    /** The run as typed (threads: every core unless given). */
    RunSettings settings() {
        return RunSettings.builder().epochs(epochs).optimizer(optimizer, learningRate).seed(seed.seed())
            .threads(threads.count()).resume(resume).force(force).stopAfterEpoch(stopAfterEpoch).build();
    }
}
