package io.elmkit.cli;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.plot.Plot;
import io.elmkit.sim.step.DenseStepper;
import io.elmkit.sim.step.ElmStepper;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elmkit demo}: the main job on built-in data. Builds the published NeuronIO Branch-ELM shape
 * (1278 inputs, 45 x 100 synapses, d_m 20; weights from a fixed seed), saves and reloads it as a
 * model directory, streams a synthetic L5PC-rate spike raster through the dense and the
 * event-driven stepper, and prints throughput and agreement; plots go to the output folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the main job on built-in data: both steppers on a NeuronIO-shaped model, with figures.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "elmkit-demo", paramLabel = "DIR",
        description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--neurons", defaultValue = "64", description = "Neurons stepped together (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--ms", defaultValue = "1000", description = "Simulated time per neuron in ms (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() throws Exception {
        ElmConfig config = ElmConfig.builder(1278, 2).numMemory(20).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).memoryTauMaxMs(150).build();
        Path modelDir = out.resolve("model");
        ModelDirectory.save(ElmModel.initialise(config, 2024), modelDir);
        ElmModel model = ModelDirectory.load(modelDir);
        System.out.printf(Locale.ROOT, "model: NeuronIO Branch-ELM shape, %d inputs, %d x %d synapses, d_m %d, "
                + "%d trainable parameters (saved to %s)%n", model.numInput(), model.numBranch(),
            model.synapsesPerBranch(), model.numMemory(), model.trainableParameterCount(), modelDir);

        double spikesPerMs = 14.0;
        float[] x = PoissonRaster.dense(7, neurons, steps, model.numInput(), spikesPerMs, 1.0);
        System.out.printf(Locale.ROOT, "input: %d neurons x %d ms, %d spikes (%.1f per ms per neuron)%n",
            neurons, steps, PoissonRaster.count(x), PoissonRaster.count(x) / (double) neurons / steps);

        // Warm up the JIT on a short run of each so the timing below measures steady state.
        int warm = Math.min(steps, 300);
        float[] warmInput = java.util.Arrays.copyOf(x, neurons * warm * model.numInput());
        for (int i = 0; i < 3; i++) {
            new DenseStepper(model, neurons).forward(warmInput, neurons, warm);
            new EventStepper(model, neurons).forward(warmInput, neurons, warm);
        }
        float[] dense = timed("dense", new DenseStepper(model, neurons), x, neurons, steps);
        double denseRate = lastRate;
        float[] event = timedEvents(new EventStepper(model, neurons), x, neurons, steps);
        double eventRate = lastRate;
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < dense.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(dense[i] - event[i]));
            maxAbs = Math.max(maxAbs, Math.abs(dense[i]));
        }
        System.out.printf(Locale.ROOT, "event-driven / dense speed: %.1fx; agreement: max |event - dense| = %.2e "
            + "(outputs up to %.2f)%n", eventRate / denseRate, maxDiff, maxAbs);

        Path plot = plot(x, event, model, steps);
        System.out.println("plot: " + plot + " (and .svg)");
        return maxDiff <= 1e-5 ? 0 : 1;
    }

    private double lastRate;

    private float[] timed(String name, ElmStepper stepper, float[] x, int batch, int steps) {
        long start = System.nanoTime();
        float[] y = stepper.forward(x, batch, steps);
        double seconds = (System.nanoTime() - start) / 1e9;
        lastRate = batch * (double) steps / seconds;
        System.out.printf(Locale.ROOT, "%-6s stepper: %,d neuron-steps in %.3f s = %,.0f neuron-steps/s "
            + "(real-time factor %.0fx for %d neurons)%n", name, (long) batch * steps, seconds, lastRate,
            lastRate / batch / 1000.0, batch);
        return y;
    }

    /** The event stepper fed per-step spike events (as from a stream), not dense rows. */
    private float[] timedEvents(EventStepper stepper, float[] x, int batch, int steps) {
        int dIn = stepper.model().numInput();
        int dO = stepper.model().numOutput();
        io.elmkit.sim.step.StepEvents[] perStep = new io.elmkit.sim.step.StepEvents[steps];
        for (int t = 0; t < steps; t++) {
            perStep[t] = new io.elmkit.sim.step.StepEvents();
            perStep[t].fillFromDense(x, t * dIn, steps * dIn, batch, dIn);
        }
        float[] y = new float[batch * steps * dO];
        for (int t = 0; t < Math.min(steps, 300); t++) {
            stepper.step(perStep[t], y, t * dO, steps * dO); // JIT warm-up
        }
        stepper.reset();
        long start = System.nanoTime();
        for (int t = 0; t < steps; t++) {
            stepper.step(perStep[t], y, t * dO, steps * dO);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        lastRate = batch * (double) steps / seconds;
        System.out.printf(Locale.ROOT, "%-6s stepper: %,d neuron-steps in %.3f s = %,.0f neuron-steps/s "
            + "(real-time factor %.0fx for %d neurons)%n", "event", (long) batch * steps, seconds, lastRate,
            lastRate / batch / 1000.0, batch);
        return y;
    }

    /** Neuron 0: input raster (a channel subset) and the spike-probability and soma outputs. */
    private Path plot(float[] x, float[] y, ElmModel model, int steps) {
        int shown = Math.min(steps, 1000);
        int channels = model.numInput();
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        for (int t = 0; t < shown; t++) {
            for (int c = 0; c < channels; c += 4) {
                if (x[t * channels + c] != 0f) {
                    pts.add(new double[] {t, c});
                }
            }
        }
        double[] rx = new double[pts.size()];
        double[] ry = new double[pts.size()];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = pts.get(i)[0];
            ry[i] = pts.get(i)[1];
        }
        Plot.titled("Input spikes of neuron 0 (every 4th channel)", "time (ms)", "channel")
            .scatter("spikes", rx, ry).size(1000, 400).save(out.resolve("input_raster"));
        double[] t = new double[shown];
        double[] p = new double[shown];
        double[] v = new double[shown];
        for (int i = 0; i < shown; i++) {
            t[i] = i;
            p[i] = 1.0 / (1.0 + Math.exp(-y[i * 2]));
            v[i] = y[i * 2 + 1] * 10;
        }
        Plot.titled("Output of neuron 0: spike probability", "time (ms)", "sigmoid(y0)").line("p(spike)", t, p)
            .size(1000, 300).save(out.resolve("output_spike_probability"));
        return Plot.titled("Output of neuron 0: soma (10 * y1)", "time (ms)", "soma (model units)")
            .line("soma", t, v).size(1000, 300).save(out.resolve("output_soma"));
    }
}
