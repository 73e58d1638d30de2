package io.elmkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.sim.model.ElmModel;
import java.io.IOException;

/**
 * The few CLI internals the Python package ({@code python/elmkit}) reuses so that it says exactly
 * what the CLI says: the one-line error message chain and the {@code info --json} document.
 * Everything else the Python side needs lives in {@code io.elmkit.cli.python}.
 */
public final class PythonAccess {
    private PythonAccess() {
    }

    /** The message the CLI prints after {@code <command>: error: } for this exception. */
    public static String describeError(Throwable e) {
        return UserErrorHandler.describe(e);
    }

    /** {@code elmkit info --model DIR --json} for a loaded model ({@code modelDir} null when it has none). */
    public static String infoJson(String modelDir, String stateFileName, ElmModel model) throws IOException {
        return InfoCommand.toJson(InfoCommand.describe(modelDir, stateFileName, model));
    }

    /** What {@code eval-neuronio --json} writes for {@code result}: metrics and decision thresholds, as JSON text. */
    public static String evalNeuronioJson(NeuronioEvaluation.Result result, int refractorySteps) throws IOException {
        return new ObjectMapper().writeValueAsString(ThresholdReport.json(result.metrics, result.operatingPoints(),
            result.rateMatch(refractorySteps)));
    }
}
