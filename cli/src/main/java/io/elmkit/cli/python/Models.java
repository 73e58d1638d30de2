package io.elmkit.cli.python;

import io.elmkit.io.torch.TorchStateDict;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Models for the Python package: load, build from a torch state dict, save, and the forward of
 * {@code elmkit predict} on arrays that NumPy owns. Inputs and outputs cross as direct buffers
 * over NumPy's memory ({@code jpype.nio.convertToDirectBuffer}): the forward reads each chunk of
 * the input from NumPy's memory and writes its output there, with no per-element Python work.
 */
public final class Models {
    private Models() {
    }

    /** Loads a model directory (see {@link io.elmkit.sim.model.ModelDirectory#load}). */
    public static ElmModel load(String dir) throws IOException {
        return ModelDirectory.load(Path.of(dir));
    }

    /**
     * A model from a reference config and a torch.save'd state dict. {@code configJson} is the
     * config's JSON text (named {@code configSource} in errors), or null to read {@code configPath}.
     */
    public static ElmModel fromTorchStateDict(String configJson, String configSource, String configPath, String statePath)
        throws IOException {
        ElmConfig config = configJson != null ? ElmConfig.parse(configJson, configSource) : ElmConfig.read(Path.of(configPath));
        Path state = Path.of(statePath);
        return ElmModel.fromStateDict(config, TorchStateDict.read(state), state.toString());
    }

    /** A freshly initialised model of a reference config (JSON text), random draws from {@code seed} (as {@code elmkit train}). */
    public static ElmModel initialise(String configJson, String configSource, long seed) {
        return ElmModel.initialise(ElmConfig.parse(configJson, configSource), seed);
    }

    /** Saves a model directory (see {@link io.elmkit.sim.model.ModelDirectory#save}). */
    public static void save(ElmModel model, String dir) throws IOException {
        ModelDirectory.save(model, Path.of(dir));
    }

    /** A predict input's shape, (B, T, d_in) or (T, d_in) with the model's d_in; {@code source} names it in errors. */
    public static void requireInputShape(ElmModel model, int[] shape, String source) {
        if (shape.length != 2 && shape.length != 3) {
            throw new IllegalArgumentException(source + ": shape " + Arrays.toString(shape)
                + ": expected (B, T, num_input) or (T, num_input)");
        }
        if (shape[shape.length - 1] != model.numInput()) {
            throw new IllegalArgumentException(source + ": shape " + Arrays.toString(shape) + ": last axis is "
                + shape[shape.length - 1] + " but the model's num_input is " + model.numInput());
        }
    }

    /**
     * {@code elmkit predict} on {@code input} (float32, C order, {@code shape} (B, T, d_in) or
     * (T, d_in), named {@code source} in errors) into {@code output} (float32, (B, T, d_o) elements).
     * The checks and messages are those of the predict command.
     */
    public static void predict(ElmModel model, String stepper, ByteBuffer input, int[] shape, String source,
                               ByteBuffer output, int threads, boolean neuronio) throws InterruptedException {
        StepperKind kind = StepperKind.parse(stepper);
        requireInputShape(model, shape, source);
        if (neuronio && model.numOutput() != 2) {
            throw new IllegalArgumentException("neuronio needs a model with num_output = 2 (spike, soma); this model has "
                + model.numOutput());
        }
        int batch = shape.length == 3 ? shape[0] : 1;
        int steps = shape[shape.length - 2];
        long inElements = (long) batch * steps * model.numInput();
        long outElements = (long) batch * steps * model.numOutput();
        if (inElements * Float.BYTES > Integer.MAX_VALUE || outElements * Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + ": shape " + Arrays.toString(shape)
                + ": more than 2 GiB, the most one Java buffer holds; predict in smaller batches");
        }
        requireBytes(input, inElements, source);
        requireBytes(output, outElements, "output buffer");
        forward(model, kind, input.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(),
            output.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), batch, steps, Math.max(1, threads), neuronio);
    }

    /**
     * {@link BatchForward#run} reading NumPy's memory directly: each chunk's input is copied from
     * {@code in} into its own array and its output written straight to {@code out}, so no
     * whole-input copy is made (a large NeuronIO input is mostly zeros and cheap to step, so copying
     * it would cost about as much as the forward).
     */
    static void forward(ElmModel model, StepperKind kind, FloatBuffer in, FloatBuffer out, int batch, int steps,
                        int threads, boolean neuronio) throws InterruptedException {
        int inPerNeuron = steps * model.numInput();
        int outPerNeuron = steps * model.numOutput();
        BatchForward.run(model, kind, batch, steps, threads, new BatchForward.Chunks() {
            @Override
            public void read(int first, float[] x) {
                in.get(first * inPerNeuron, x); // absolute bulk get: threads share the buffer
            }

            @Override
            public void write(int first, float[] y) {
                if (neuronio) {
                    BatchForward.toNeuronioEval(y);
                }
                out.put(first * outPerNeuron, y);
            }
        });
    }

    private static void requireBytes(ByteBuffer buffer, long elements, String name) {
        if (buffer.capacity() != elements * Float.BYTES) {
            throw new IllegalArgumentException(name + ": expected " + elements + " float32 values (" + elements * Float.BYTES
                + " bytes), found " + buffer.capacity() + " bytes");
        }
    }
}
