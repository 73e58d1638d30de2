package io.elmkit.l5pc.neuronio;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Our compact trace format: one {@code .npz} per file of simulations, so later runs need not
 * re-parse pickles, and the NEURON recorder ({@code l5pc-bridge/python}) writes the same. It is the
 * events layout of spec section 5 plus the soma and output spikes:
 *
 * <pre>
 * sample, step (int64), channel (int32), value (float32)   input events, sorted by sample, step, channel;
 *                                                          channel s &lt; S: excitatory input of segment s (+1),
 *                                                          channel S + s: inhibitory input of segment s (-1)
 * dt_ms (float64), num_channels = 2 S, num_steps = T, num_segments = S (int64 scalars)
 * soma_mv             float32 (N, T)   soma voltage per step
 * output_spike_ms     float64 (K)      output spike times of every simulation, concatenated
 * output_spike_offsets int64 (N + 1)   simulation i's spikes are output_spike_ms[off[i]:off[i+1]]
 * elmkit_traces_version int64 scalar = 1
 * </pre>
 */
public final class TraceFile {
    public static final int VERSION = 1;

    private TraceFile() {
    }

    /** Writes simulations (all of equal duration, 1 ms steps) as a trace file. */
    public static void write(Path file, List<NeuronioSimulation> sims) throws IOException {
        if (sims.isEmpty()) {
            throw new IllegalArgumentException("no simulations to write to " + file);
        }
        int segments = sims.get(0).numSegments();
        int steps = sims.get(0).durationMs();
        long events = 0;
        int outputs = 0;
        for (NeuronioSimulation s : sims) {
            if (s.numSegments() != segments || s.durationMs() != steps) {
                throw new IllegalArgumentException("simulation " + s.index() + " has " + s.numSegments() + " segments and "
                    + s.durationMs() + " ms; simulation 0 has " + segments + " and " + steps + " (a trace file needs equal shapes)");
            }
            events += s.inputSpikeCount();
            outputs += s.outputSpikesMs().length;
        }
        if (events > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many input spikes (" + events + ") for one trace file; split it");
        }
        int n = (int) events;
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        float[] soma = new float[sims.size() * steps];
        double[] outMs = new double[outputs];
        long[] outOffsets = new long[sims.size() + 1];
        int e = 0;
        int o = 0;
        for (int i = 0; i < sims.size(); i++) {
            NeuronioSimulation s = sims.get(i);
            // Sort this simulation's events by (step, channel): encode as step * channels + channel.
            long[] keys = new long[(int) s.inputSpikeCount()];
            int k = 0;
            for (int seg = 0; seg < segments; seg++) {
                for (int t : s.excitatorySpikesMs()[seg]) {
                    keys[k++] = (long) t * 2 * segments + seg;
                }
                for (int t : s.inhibitorySpikesMs()[seg]) {
                    keys[k++] = (long) t * 2 * segments + segments + seg;
                }
            }
            Arrays.sort(keys);
            for (long key : keys) {
                sample[e] = i;
                step[e] = key / (2L * segments);
                channel[e] = (int) (key % (2L * segments));
                value[e] = channel[e] < segments ? 1f : -1f;
                e++;
            }
            System.arraycopy(s.somaVoltageMv(), 0, soma, i * steps, steps);
            for (float t : s.outputSpikesMs()) {
                outMs[o++] = t;
            }
            outOffsets[i + 1] = o;
        }
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("sample", NdArray.ofLongs(sample, n));
        arrays.put("step", NdArray.ofLongs(step, n));
        arrays.put("channel", NdArray.ofInts(channel, n));
        arrays.put("value", NdArray.ofFloats(value, n));
        arrays.put("dt_ms", NdArray.scalarDouble(1.0));
        arrays.put("num_channels", NdArray.scalarLong(2L * segments));
        arrays.put("num_steps", NdArray.scalarLong(steps));
        arrays.put("num_segments", NdArray.scalarLong(segments));
        arrays.put("soma_mv", NdArray.ofFloats(soma, sims.size(), steps));
        arrays.put("output_spike_ms", NdArray.ofDoubles(outMs, outputs));
        arrays.put("output_spike_offsets", NdArray.ofLongs(outOffsets, sims.size() + 1));
        arrays.put("elmkit_traces_version", NdArray.scalarLong(VERSION));
        Npz.write(file, arrays, true);
    }

    /** Reads a trace file, sending simulations to {@code consumer} in order; returns their count. */
    public static int read(Path file, Consumer<NeuronioSimulation> consumer) throws IOException {
        String source = file.toString();
        try (Npz.NpzFile z = Npz.NpzFile.open(file)) {
            for (String key : new String[] {"sample", "step", "channel", "value", "num_segments", "num_steps", "soma_mv",
                "output_spike_ms", "output_spike_offsets"}) {
                if (!z.contains(key)) {
                    throw new NeuronioFormatException(source, key, "missing array: not an elmkit trace file (arrays present: "
                        + z.names() + ")");
                }
            }
            int segments = (int) z.get("num_segments").getLong(0);
            int steps = (int) z.get("num_steps").getLong(0);
            NdArray somaArray = z.get("soma_mv");
            if (somaArray.rank() != 2 || somaArray.dim(1) != steps) {
                throw new NeuronioFormatException(source, "soma_mv", "expected shape (N, " + steps + "), found "
                    + Arrays.toString(somaArray.shape()));
            }
            int count = somaArray.dim(0);
            float[] soma = somaArray.toFloatArray();
            long[] sample = z.get("sample").toLongArray();
            long[] step = z.get("step").toLongArray();
            int[] channel = z.get("channel").toIntArray();
            float[] value = z.get("value").toFloatArray();
            double[] outMs = z.get("output_spike_ms").toDoubleArray();
            long[] outOffsets = z.get("output_spike_offsets").toLongArray();
            if (step.length != sample.length || channel.length != sample.length || value.length != sample.length) {
                throw new NeuronioFormatException(source, "step/channel/value", "lengths differ from sample ("
                    + sample.length + ")");
            }
            if (outOffsets.length != count + 1) {
                throw new NeuronioFormatException(source, "output_spike_offsets", "expected " + (count + 1) + " values, found "
                    + outOffsets.length);
            }
            int e = 0;
            for (int i = 0; i < count; i++) {
                List<List<Integer>> ex = new ArrayList<>();
                List<List<Integer>> inh = new ArrayList<>();
                for (int s = 0; s < segments; s++) {
                    ex.add(new ArrayList<>());
                    inh.add(new ArrayList<>());
                }
                while (e < sample.length && sample[e] == i) {
                    int c = channel[e];
                    if (c < 0 || c >= 2 * segments || step[e] < 0 || step[e] >= steps) {
                        throw new NeuronioFormatException(source, "channel/step", "event " + e + " (channel " + c + ", step "
                            + step[e] + ") outside " + 2 * segments + " channels x " + steps + " steps");
                    }
                    int repeats = Math.max(1, Math.round(Math.abs(value[e])));
                    for (int r = 0; r < repeats; r++) {
                        (c < segments ? ex.get(c) : inh.get(c - segments)).add((int) step[e]);
                    }
                    e++;
                }
                float[] out = new float[(int) (outOffsets[i + 1] - outOffsets[i])];
                for (int j = 0; j < out.length; j++) {
                    out[j] = (float) outMs[(int) outOffsets[i] + j];
                }
                consumer.accept(new NeuronioSimulation(i, toArrays(ex), toArrays(inh), out,
                    Arrays.copyOfRange(soma, i * steps, (i + 1) * steps)));
            }
            if (e != sample.length) {
                throw new NeuronioFormatException(source, "sample", "events are not sorted by sample, or name a sample"
                    + " beyond the " + count + " simulations (stopped at event " + e + ")");
            }
            return count;
        }
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] out = new int[lists.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Reads NeuronIO pickles (.p, .p.gz) and our trace files (.npz) alike, by file name. */
    public static void readAny(Path file, Consumer<NeuronioSimulation> consumer) throws IOException {
        if (file.getFileName().toString().endsWith(".npz")) {
            read(file, consumer);
        } else {
            NeuronioFile.read(file, consumer);
        }
    }
}
