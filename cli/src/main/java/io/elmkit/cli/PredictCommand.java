package io.elmkit.cli;

import io.elmkit.cli.options.ModelCommand;
import io.elmkit.cli.options.ModelOption;
import io.elmkit.cli.options.ThreadsOption;
import io.elmkit.cli.python.Models;
import io.elmkit.io.OutputPaths;
import io.elmkit.io.check.Checks;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit predict}: the reference forward (or neuronio_eval_forward) of a model on a .npy input. */
@Command(name = "predict")
final class PredictCommand extends ModelCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "X.npy", descriptionKey = "predict.input") Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.npy", descriptionKey = "predict.output") Path output;

    @Option(names = "--stepper", defaultValue = "event", paramLabel = "dense|event") String stepper;

    @Option(names = "--neuronio") boolean neuronio;

    @Mixin ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        StepperKind kind = StepperKind.parse(stepper);
        Path modelDir = modelOption.dir();
        ElmModel model = modelOption.load();
        NdArray x = Npy.read(input);
        int[] shape = x.shape();
        Models.requireInputShape(model, shape, input.toString());
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(input + ": dtype " + x.dtype() + ": expected float32 input");
        }
        if (neuronio && model.numOutput() != 2) {
            throw new IllegalArgumentException("--neuronio needs a model with num_output = 2 (spike, soma); "
                + modelDir + " has " + model.numOutput());
        }
        OutputPaths.createParent(output);
        int batch = shape.length == 3 ? shape[0] : 1;
        int steps = shape[shape.length - 2];
        int workers = threads.count();
        float[] xs = x.toFloatArray();
        // NaN or inf in the input turns every output NaN: refuse it, naming the element.
        Checks.requireFinite(input.toString(), "data", xs);
        float[] y = BatchForward.run(model, kind, xs, batch, steps, workers);
        if (neuronio) {
            BatchForward.toNeuronioEval(y);
        }
        int[] outShape = shape.length == 3 ? new int[] {batch, steps, model.numOutput()}
            : new int[] {steps, model.numOutput()};
        Npy.write(output, NdArray.ofFloats(y, outShape));
        System.err.printf("wrote %s %s (%s stepper, %d neuron-steps)%n", output, Arrays.toString(outShape),
            kind.name().toLowerCase(java.util.Locale.ROOT), (long) batch * steps);
        return 0;
    }
}
