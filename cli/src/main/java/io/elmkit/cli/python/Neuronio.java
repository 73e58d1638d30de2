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

    /** Evaluates {@code model} on NeuronIO pickles; progress on stderr when {@code progress}. */
    public static NeuronioEvaluation.Result evaluate(ElmModel model, String[] files, int threads, boolean progress)
        throws IOException, InterruptedException {
        List<Path> paths = new ArrayList<>();
        for (String f : files) {
            paths.add(Path.of(f));
        }
        ProgressMeter meter = progress ? ProgressMeter.start("simulations", 0, System.err)
            : ProgressMeter.silent("simulations", 0);
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluate(model, paths, Math.max(1, threads), meter);
        meter.finish();
        return r;
    }
}
