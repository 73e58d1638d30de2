package io.elmkit.cli.python;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.sim.model.ElmModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code elmkit eval-neuronio} for Python: the same evaluation, its metrics and per-simulation traces. */
public final class Neuronio {
    private Neuronio() {
    }

    /** Evaluates {@code model} on NeuronIO pickles; progress lines to {@code progress} (none when null). */
    public static NeuronioEvaluation.Result evaluate(ElmModel model, String[] files, int threads, InProcessCli.Lines progress)
        throws IOException, InterruptedException {
        List<Path> paths = new ArrayList<>();
        for (String f : files) {
            paths.add(Path.of(f));
        }
        ProgressMeter meter = progress != null ? ProgressMeter.start("simulations", 0, InProcessCli.printStream(progress))
            : ProgressMeter.silent("simulations", 0);
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluate(model, paths, Math.max(1, threads), meter);
        meter.finish();
        return r;
    }
}
