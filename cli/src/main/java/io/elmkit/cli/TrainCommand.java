package io.elmkit.cli;

import io.elmkit.cli.options.StandardCommand;
import io.elmkit.cli.options.GroupCommand;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.shd.train.ShdAddingTraining;
import io.elmkit.shd.train.ShdOutcome;
import io.elmkit.shd.train.ShdTraining;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit train}: training commands. */
@Command(name = "train", subcommands = {TrainCommand.ShdAdding.class, TrainCommand.Shd.class})
final class TrainCommand extends GroupCommand {
    /** What the SHD training commands share: the SHD options and the run's; their defaults differ (RecordDefaults). */
    abstract static class ShdTask extends StandardCommand implements Callable<Integer> {
        @Mixin ShdTrainOptions shd;
        @Mixin RunOptions run;
    }

    /** {@code elmkit train shd-adding}. */
    @Command(name = "shd-adding", defaultValueProvider = ShdAdding.Defaults.class)
    static final class ShdAdding extends ShdTask {
        /** The defaults: the reference notebook's ({@link ShdAddingTraining#DEFAULTS}). */
        static final class Defaults extends RecordDefaults {
            Defaults() {
                super(ShdAddingTraining.DEFAULTS, ShdAddingTraining.DEFAULTS.shd(), ShdAddingTraining.DEFAULTS.shd().run());
            }
        }
        @Option(names = "--batches-per-epoch") int batchesPerEpoch;
        @Option(names = "--validation-batches", paramLabel = "N") Integer validationBatches;
        @Option(names = "--test-batches", paramLabel = "N") Integer testBatches;
        @Option(names = "--dropout-in-eval") boolean dropoutInEval;

        @Override
        public Integer call() throws Exception {
            ShdAddingTraining.Settings s = ShdAddingTraining.Settings.builder().shd(shd.settings(run.settings()))
                .batchesPerEpoch(batchesPerEpoch).validationBatches(validationBatches).testBatches(testBatches)
                .dropoutInEvaluation(dropoutInEval).build();
            return report(ShdAddingTraining.run(JhdfShdSamples.read(shd.train), JhdfShdSamples.read(shd.test), run.out,
                s, System.err));
        }
    }

    /** {@code elmkit train shd}. */
    @Command(name = "shd", defaultValueProvider = Shd.Defaults.class)
    static final class Shd extends ShdTask {
        /** The defaults: the paper's ({@link ShdTraining#DEFAULTS}). */
        static final class Defaults extends RecordDefaults {
            Defaults() {
                super(ShdTraining.DEFAULTS, ShdTraining.DEFAULTS.run());
            }
        }

        @Override
        public Integer call() throws Exception {
            return report(ShdTraining.run(JhdfShdSamples.read(shd.train), JhdfShdSamples.read(shd.test), run.out,
                shd.settings(run.settings()), System.err));
        }
    }

    /** Prints the run's result line (stdout); 0. */
    static int report(ShdOutcome o) {
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
