package io.elmkit.cli;

import io.elmkit.cli.options.ModelCommand;
import io.elmkit.cli.options.ModelOption;
import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.train.BatchGradients;
import io.elmkit.sim.train.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit gradients}: loss and gradients of every trainable parameter, for checks against other frameworks. */
@Command(name = "gradients")
final class GradientsCommand extends ModelCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "X.npy", descriptionKey = "gradients.input") Path input;

    @Option(names = "--target", paramLabel = "Y.npy") Path target;

    @Option(names = "--target-spike", paramLabel = "S.npy") Path targetSpike;

    @Option(names = "--target-soma", paramLabel = "V.npy") Path targetSoma;

    @Option(names = "--loss", required = true, paramLabel = "mse|neuronio|ce-last") String loss;

    @Option(names = "--out", required = true, paramLabel = "DIR", descriptionKey = "gradients.out") Path out;

    @Override
    public Integer call() throws Exception {
        ElmModel model = modelOption.load();
        NdArray x = Npy.read(input);
        int[] shape = x.shape();
        if (shape.length != 3 || shape[2] != model.numInput()) {
            throw new IllegalArgumentException(input + ": shape " + Arrays.toString(shape) + ": expected (B, T, "
                + model.numInput() + ")");
        }
        float[] xs = x.toFloatArray();
        // NaN or inf in the input turns the loss and every gradient NaN: refuse it, naming the element.
        Checks.requireFinite(input.toString(), "data", xs);
        int batch = shape[0];
        int steps = shape[1];
        int dO = model.numOutput();
        BatchGradients.LossFunction lossFunction;
        switch (loss) {
            case "mse": {
                float[] y = finite(target, require(target, "--target", new int[] {batch, steps, dO}));
                lossFunction = (out, gy) -> Loss.mse(out, y, gy);
                break;
            }
            case "neuronio": {
                if (dO != 2) {
                    throw new IllegalArgumentException("--loss neuronio needs num_output = 2, the model has " + dO);
                }
                float[] s = finite(targetSpike, require(targetSpike, "--target-spike", new int[] {batch, steps}));
                float[] v = finite(targetSoma, require(targetSoma, "--target-soma", new int[] {batch, steps}));
                lossFunction = (out, gy) -> Loss.neuronio(out, dO, s, v, gy);
                break;
            }
            case "ce-last": {
                long[] labels = classLabels(target, require(target, "--target", new int[] {batch}), dO);
                lossFunction = (out, gy) -> Loss.crossEntropyLast(out, batch, steps, dO, labels, gy);
                break;
            }
            default:
                throw new IllegalArgumentException("--loss: expected mse, neuronio or ce-last, found '" + loss + "'");
        }
        BatchGradients.Result r = BatchGradients.compute(model, xs, batch, steps, lossFunction);
        Files.createDirectories(out.resolve("grad"));
        Npy.write(out.resolve("loss.npy"), NdArray.ofDoubles(new double[] {r.loss}, 1));
        for (Map.Entry<String, NdArray> e : r.gradients.toNamedArrays(model).entrySet()) {
            Npy.write(out.resolve("grad").resolve(e.getKey() + ".npy"), e.getValue());
        }
        System.out.printf(java.util.Locale.ROOT, "loss %.8f; wrote %s/loss.npy and %s/grad/*.npy%n", r.loss, out, out);
        return 0;
    }

    private static float[] finite(Path file, NdArray a) throws InputFormatException {
        float[] v = a.toFloatArray();
        Checks.requireFinite(file.toString(), "data", v);
        return v;
    }

    /** Integer class labels in 0 .. classes - 1; floats are refused, not rounded. */
    private static long[] classLabels(Path file, NdArray a, int classes) throws InputFormatException {
        if (a.dtype().isFloatingPoint() || a.dtype() == io.elmkit.io.nd.DType.BOOL) {
            throw new InputFormatException(file.toString(), "dtype", "integer class labels (int64)",
                a.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
        long[] labels = a.toLongArray();
        for (int i = 0; i < labels.length; i++) {
            Checks.inRange(file.toString(), "label[" + i + "]", labels[i], 0, classes - 1);
        }
        return labels;
    }

    private static NdArray require(Path file, String option, int[] shape) throws java.io.IOException {
        if (file == null) {
            throw new IllegalArgumentException(option + " is required for this loss");
        }
        NdArray a = Npy.read(file);
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException(file + ": shape " + Arrays.toString(a.shape()) + ": expected "
                + Arrays.toString(shape));
        }
        return a;
    }
}
