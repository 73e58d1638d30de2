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
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created;"
        + " a fresh run needs it missing or empty unless --force).")
    Path out;
    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--optimizer", paramLabel = "adam|adamax", description = "Optimizer (default: ${DEFAULT-VALUE}).")
    Optimizer.Kind optimizer;
    @Option(names = "--lr", description = "Learning rate, cosine decay to 0 (default: ${DEFAULT-VALUE}).")
    double learningRate;
    @Mixin
    SeedOption seed;
    @Mixin
    ThreadsOption threads;
    @Option(names = "--resume", description = "Continue the run saved in DIR (training_state.npz and DIR/last;"
        + " default: off).")
    boolean resume;
    @Option(names = "--force", description = "Start a fresh run in a non-empty DIR; files elmkit did not write"
        + " are kept (default: off).")
    boolean force;
    @Option(names = "--stop-after-epoch", description = "Stop after this epoch, to --resume later"
        + " (default: ${DEFAULT-VALUE}, run all).")
    int stopAfterEpoch;

    /** The run as typed (threads: every core unless given). */
    RunSettings settings() {
        return RunSettings.builder().epochs(epochs).optimizer(optimizer, learningRate).seed(seed.seed())
            .threads(threads.count()).resume(resume).force(force).stopAfterEpoch(stopAfterEpoch).build();
    }
}
