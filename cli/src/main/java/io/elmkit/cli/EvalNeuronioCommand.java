package io.elmkit.cli;

import io.elmkit.cli.options.RefractoryOption;
import io.elmkit.cli.options.ModelCommand;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.elmkit.cli.options.ModelOption;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.io.OutputPaths;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.DecisionThresholds;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.l5pc.eval.NeuronioPlots;
import io.elmkit.sim.model.ElmModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit eval-neuronio}: the reference NeuronIO evaluation of a model on L5PC trace files. */
@Command(name = "eval-neuronio")
final class EvalNeuronioCommand extends ModelCommand implements Callable<Integer> {

    @Option(names = "--traces", required = true, arity = "1..*", paramLabel = "FILE", descriptionKey = "eval-neuronio.traces") List<Path> traces;

    @Option(names = "--json", paramLabel = "OUT", descriptionKey = "eval-neuronio.json") Path json;

    @Option(names = "--plots", paramLabel = "DIR") Path plots;

    @Mixin ThreadsOption threads;

    @Mixin RefractoryOption refractory;

    @Override
    public Integer call() throws Exception {
        ElmModel model = modelOption.load();
        int workers = threads.count();
        ProgressMeter progress = ProgressMeter.start("simulations", 0, System.err);
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluate(model, traces, workers, progress);
        progress.finish();
        for (Map.Entry<String, Double> e : r.metrics.entrySet()) {
            System.out.printf(Locale.ROOT, "%-34s %.6f%n", e.getKey(), e.getValue());
        }
        int refractorySteps = refractory.refractorySteps();
        if (refractorySteps < 0) {
            throw new IllegalArgumentException("--refractory-steps: expected at least 0, found " + refractorySteps);
        }
        List<DecisionThresholds.OperatingPoint> points = r.operatingPoints();
        DecisionThresholds.RateMatch rate = r.rateMatch(refractorySteps);
        ThresholdReport.print(System.out, System.err, points, rate, modelOption.dir(), traces.get(0));
        if (json != null) {
            OutputPaths.createParent(json);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
                ThresholdReport.json(r.metrics, points, rate));
            System.err.println("wrote " + json);
        }
        if (plots != null) {
            String note = NeuronioPlots.writeAll(r, rate, plots);
            if (note != null) {
                System.err.println(note);
            }
            System.err.println("wrote plots to " + plots);
        }
        return 0;
    }

}
