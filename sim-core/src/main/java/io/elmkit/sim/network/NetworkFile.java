package io.elmkit.sim.network;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the connections {@code .npz} of docs/formats.md into a {@link Network}, checking every value
 * against the run it is meant for before anything uses it: 1-D arrays of equal length
 * {@code from_stream}, {@code from_neuron}, {@code to_stream}, {@code to_neuron}, {@code channel},
 * {@code delay_steps} (integer dtypes) and {@code weight} (float32, or float64 rounded to float32);
 * streams below the input's stream count, neurons below {@code --neurons}, channels below the model's
 * num_input, delays 1 .. {@link #MAX_DELAY_STEPS}, weights finite; no other arrays (a misspelt name
 * is an error, not ignored). Errors are one line naming the file, the array and the row.
 */
public final class NetworkFile {
    /**
     * The longest delay: spikes in flight are held per step up to the longest delay, so the bound
     * keeps that memory small (65,536 steps: over a minute at 1 ms).
     */
    public static final int MAX_DELAY_STEPS = 1 << 16;

    private static final String[] INTEGER_ARRAYS = {"from_stream", "from_neuron", "to_stream", "to_neuron", "channel",
        "delay_steps"};

    private NetworkFile() {
    }

    /**
     * The connections of {@code file} for a run of {@code streams} streams of {@code neuronsPerStream}
     * neurons of a model with {@code numInput} inputs.
     */
    public static Network read(Path file, long streams, int neuronsPerStream, int numInput) throws IOException {
        String src = file.toString();
        try (Npz.NpzFile z = Npz.NpzFile.open(file)) {
            for (String name : z.names()) {
                if (!isKnown(name)) {
                    throw new InputFormatException(src, name, "only the arrays from_stream, from_neuron, to_stream,"
                        + " to_neuron, channel, weight, delay_steps", "an array '" + name + "'");
                }
            }
            Map<String, NdArray> arrays = new LinkedHashMap<>();
            for (String name : INTEGER_ARRAYS) {
                arrays.put(name, oneDimensional(z, src, name));
            }
            arrays.put("weight", oneDimensional(z, src, "weight"));
            int rows = arrays.get("from_stream").size();
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                if (e.getValue().size() != rows) {
                    throw new InputFormatException(src, e.getKey(), rows + " values (as many as from_stream)",
                        Integer.toString(e.getValue().size()));
                }
            }
            int lastStream = (int) Math.min(Integer.MAX_VALUE, streams) - 1;
            String streamsNote = " (the input has " + streams + " streams)";
            String neuronsNote = " (--neurons " + neuronsPerStream + ")";
            String channelNote = " (the model's num_input is " + numInput + ")";
            return new Network(
                integers(src, "from_stream", arrays, 0, lastStream, streamsNote),
                integers(src, "from_neuron", arrays, 0, neuronsPerStream - 1, neuronsNote),
                integers(src, "to_stream", arrays, 0, lastStream, streamsNote),
                integers(src, "to_neuron", arrays, 0, neuronsPerStream - 1, neuronsNote),
                integers(src, "channel", arrays, 0, numInput - 1, channelNote),
                weights(src, arrays.get("weight")),
                integers(src, "delay_steps", arrays, 1, MAX_DELAY_STEPS, ""));
        }
    }

    /**
     * Writes a connections {@code .npz} (int32 indices, float32 weights), as {@code np.savez} would;
     * nothing is checked here, {@link #read} checks it against a run.
     */
    public static void write(Path file, int[] fromStream, int[] fromNeuron, int[] toStream, int[] toNeuron, int[] channel,
                             float[] weight, int[] delaySteps) throws IOException {
        Npz.write(file, arrays(fromStream, fromNeuron, toStream, toNeuron, channel, weight, delaySteps));
    }

    /** The arrays of a connections file by name, in the file's order (nothing checked). */
    public static Map<String, NdArray> arrays(int[] fromStream, int[] fromNeuron, int[] toStream, int[] toNeuron,
                                              int[] channel, float[] weight, int[] delaySteps) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        int[][] columns = {fromStream, fromNeuron, toStream, toNeuron, channel};
        for (int i = 0; i < columns.length; i++) {
            arrays.put(INTEGER_ARRAYS[i], NdArray.ofInts(columns[i], columns[i].length));
        }
        arrays.put("weight", NdArray.ofFloats(weight, weight.length));
        arrays.put("delay_steps", NdArray.ofInts(delaySteps, delaySteps.length));
        return arrays;
    }

    private static boolean isKnown(String name) {
        if (name.equals("weight")) {
            return true;
        }
        for (String known : INTEGER_ARRAYS) {
            if (known.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static NdArray oneDimensional(Npz.NpzFile z, String src, String name) throws IOException {
        if (!z.contains(name)) {
            throw new InputFormatException(src, name, "an array '" + name + "' (a connections file holds from_stream,"
                + " from_neuron, to_stream, to_neuron, channel, weight, delay_steps)", "none (arrays present: "
                + z.names() + ")");
        }
        NdArray a = z.get(name);
        if (a.rank() != 1) {
            throw new InputFormatException(src, name, "a 1-D array", "shape " + java.util.Arrays.toString(a.shape()));
        }
        boolean integer = a.dtype() == DType.INT32 || a.dtype() == DType.INT64;
        boolean floating = a.dtype() == DType.FLOAT32 || a.dtype() == DType.FLOAT64;
        if (name.equals("weight") ? !floating : !integer) {
            throw new InputFormatException(src, name, name.equals("weight") ? "float32 or float64" : "int32 or int64",
                a.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
        return a;
    }

    private static int[] integers(String src, String name, Map<String, NdArray> arrays, int min, int max, String note)
        throws InputFormatException {
        NdArray a = arrays.get(name);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            long v = a.getLong(i);
            if (v < min || v > max) {
                throw new InputFormatException(src, name + "[" + i + "]", min + " .. " + max + note, Long.toString(v));
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static float[] weights(String src, NdArray a) throws InputFormatException {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            // float64 weights are rounded to float32, the precision the neurons add them in.
            out[i] = (float) a.getDouble(i);
            if (!Float.isFinite(out[i])) {
                throw new InputFormatException(src, "weight[" + i + "]", "a finite number (as float32)",
                    Double.toString(a.getDouble(i)));
            }
        }
        return out;
    }
}
