package io.elmkit.cli;

import io.elmkit.io.OutputPaths;
import io.elmkit.sim.model.ElmModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The checks and the outputs file that the commands running a population of neurons on an input
 * ({@code run} on the engine, {@code flink} on Flink) share, written once.
 */
public final class Populations {
    private Populations() {
    }

    /** Writes an outputs {@code .npz} to a path whose missing folders are created first. */
    @FunctionalInterface
    public interface OutputsWriter {
        void write(Path file) throws IOException;
    }

    /** The name of the run in reports, topic headers and the live view: {@code elmkit run M on IN}. */
    public static String title(String command, Path modelDir, String input) {
        return "elmkit " + command + " " + modelDir.getFileName() + " on " + input;
    }

    /** The input's channels must be the model's inputs. */
    public static void requireChannels(String input, long numChannels, ElmModel model, Path modelDir) {
        if (numChannels != model.numInput()) {
            throw new IllegalArgumentException(input + ": num_channels is " + numChannels + ", but the model in " + modelDir
                + " expects num_input = " + model.numInput());
        }
    }

    /** Copies of a neuron fed the same stream must agree bit for bit; {@code stepper} names what computed them. */
    public static void requireCopiesAgree(long mismatches, String stepper) {
        if (mismatches > 0) {
            throw new IllegalStateException(mismatches + " output values of neuron copies differed from their stream's"
                + " first neuron: " + stepper + " not deterministic here; please report it");
        }
    }

    /** Writes the outputs {@code .npz} (output (streams, steps, outputs)) and says so on {@code err}. */
    public static void writeOutputs(Path file, OutputsWriter writer, int streams, long steps, int outputs, PrintStream err)
        throws IOException {
        OutputPaths.createParent(file);
        writer.write(file);
        err.printf("wrote %s: output (%d, %d, %d)%n", file, streams, steps, outputs);
    }
}
