package io.elmkit.l5pc.neuronio;

import io.elmkit.io.FileKind;
import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.io.npy.NpzWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Our compact trace format: one {@code .npz} per file of simulations, so later runs need not
 * re-parse pickles, and the NEURON recorder ({@code l5pc-bridge/python}) writes the same. It is the
 * events layout of docs/formats.md plus the soma and output spikes:
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
    /** The {@code elmkit_traces_version} this code writes and reads. */
    public static final int VERSION = 1;

    /** Spikes one event may stand for (the recorder adds the spikes of one synapse in one ms). */
    static final long MAX_SPIKES_PER_EVENT = 1 << 16;

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
        // The events layout through its one writer, then the trace file's own arrays.
        EventsFile inputs = new EventsFile(sample, step, channel, value, 1.0, 2L * segments, steps, null, null);
        try (NpzWriter npz = NpzWriter.create(file, true)) {
            inputs.writeTo(npz);
            npz.add("num_segments", NdArray.scalarLong(segments));
            npz.add("soma_mv", NdArray.ofFloats(soma, sims.size(), steps));
            npz.add("output_spike_ms", NdArray.ofDoubles(outMs, outputs));
            npz.add("output_spike_offsets", NdArray.ofLongs(outOffsets, sims.size() + 1));
            npz.add("elmkit_traces_version", NdArray.scalarLong(VERSION));
        }
    }

    /**
     * What {@link #convert} read and wrote.
     *
     * @param simulations  simulations in the pickle, one sample each
     * @param durationMs   steps (ms) of each simulation
     * @param segments     dendritic segments S (channels are 2 S)
     * @param inputSpikes  input spikes of all simulations
     * @param pickleBytes  size of the pickle file read
     * @param parseSeconds time spent parsing the pickle
     */
    public record Conversion(int simulations, int durationMs, int segments, long inputSpikes, long pickleBytes,
                             double parseSeconds) {
    }

    /**
     * Converts a NeuronIO pickle (plain or .gz) to a trace file: an events file (sample = simulation,
     * step = ms, channel 0..S-1 excitatory +1, S..2S-1 inhibitory -1) plus soma_mv and output spikes,
     * so {@code elmkit run}, {@code eval-neuronio} and {@code fit-neuronio} all take it.
     */
    public static Conversion convert(Path pickle, Path out) throws IOException {
        List<NeuronioSimulation> sims = new ArrayList<>();
        long bytes = Files.size(pickle);
        long t0 = System.nanoTime();
        NeuronioFile file = NeuronioFile.read(pickle, sims::add);
        double seconds = (System.nanoTime() - t0) / 1e9;
        write(out, sims);
        long spikes = 0;
        for (NeuronioSimulation sim : sims) {
            spikes += sim.inputSpikeCount();
        }
        return new Conversion(sims.size(), sims.isEmpty() ? 0 : sims.get(0).durationMs(), file.numSegments(), spikes, bytes,
            seconds);
    }

    /** Reads a trace file, sending simulations to {@code consumer} in order; returns their count. */
    public static int read(Path file, Consumer<NeuronioSimulation> consumer) throws IOException {
        String source = file.toString();
        if (Files.exists(file)) {
            FileKind kind = FileKind.of(file);
            if (kind != FileKind.NPZ && kind != FileKind.ZIP) {
                throw NeuronioFile.refusal(source, kind);
            }
        }
        try (Npz.NpzFile z = Npz.NpzFile.open(file)) {
            for (String key : new String[] {"sample", "step", "channel", "value", "num_segments", "num_steps", "soma_mv",
                "output_spike_ms", "output_spike_offsets"}) {
                if (!z.contains(key)) {
                    throw new InputFormatException(source, key, "missing array: not an elmkit trace file (arrays present: "
                        + z.names() + ")");
                }
            }
            int segments = Checks.toInt(source, "num_segments", scalarLong(z, "num_segments", source), 1,
                (int) NeuronioFile.MAX_SEGMENTS);
            int steps = Checks.toInt(source, "num_steps", scalarLong(z, "num_steps", source), 1,
                (int) InputLimits.MAX_STEPS);
            if (z.contains("num_channels")) {
                Checks.inRange(source, "num_channels", scalarLong(z, "num_channels", source), 2L * segments, 2L * segments);
            }
            if (z.contains("dt_ms")) {
                double dtMs = scalar(z, "dt_ms", source).getDouble(0);
                if (dtMs != 1.0) {
                    throw new InputFormatException(source, "dt_ms", "1.0 (NeuronIO traces are 1 ms steps)",
                        Double.toString(dtMs));
                }
            }
            if (z.contains("elmkit_traces_version")) {
                Checks.inRange(source, "elmkit_traces_version", scalarLong(z, "elmkit_traces_version", source), VERSION,
                    VERSION);
            }
            NdArray somaArray = z.get("soma_mv");
            if (somaArray.rank() != 2 || somaArray.dim(1) != steps || !somaArray.dtype().isFloatingPoint()) {
                throw new InputFormatException(source, "soma_mv", "float (N, " + steps + ") (num_steps = " + steps + ")",
                    somaArray.dtype().numpyCode() + " " + Arrays.toString(somaArray.shape()));
            }
            int count = somaArray.dim(0);
            Checks.inRange(source, "soma_mv: simulations", count, 0, InputLimits.MAX_STREAMS);
            float[] soma = somaArray.toFloatArray();
            for (int k = 0; k < soma.length; k++) {
                if (!Float.isFinite(soma[k])) {
                    throw new InputFormatException(source, "soma_mv[" + k / steps + ", " + k % steps + "]",
                        "a finite voltage (mV)", Float.toString(soma[k]));
                }
            }
            long[] sample = integers(z, "sample", source);
            long[] step = integers(z, "step", source);
            long[] channel = integers(z, "channel", source);
            float[] value = vector(z, "value", source).toFloatArray();
            for (String name : new String[] {"step", "channel", "value"}) {
                int length = name.equals("step") ? step.length : name.equals("channel") ? channel.length : value.length;
                if (length != sample.length) {
                    throw new InputFormatException(source, name, sample.length + " events (the length of sample)",
                        length + " values");
                }
            }
            NdArray outArray = vector(z, "output_spike_ms", source);
            if (!outArray.dtype().isFloatingPoint()) {
                throw new InputFormatException(source, "output_spike_ms", "float spike times (ms)",
                    outArray.dtype().numpyCode());
            }
            double[] outMs = outArray.toDoubleArray();
            long[] outOffsets = integers(z, "output_spike_offsets", source);
            checkOffsets(source, outOffsets, count, outMs.length);
            int e = 0;
            for (int i = 0; i < count; i++) {
                List<List<Integer>> ex = new ArrayList<>();
                List<List<Integer>> inh = new ArrayList<>();
                for (int s = 0; s < segments; s++) {
                    ex.add(new ArrayList<>());
                    inh.add(new ArrayList<>());
                }
                long spikes = 0;
                while (e < sample.length && sample[e] == i) {
                    String at = "event " + e;
                    Checks.inRange(source, "step[" + e + "]", step[e], 0, steps - 1);
                    int c = Checks.toInt(source, "channel[" + e + "]", channel[e], 0, 2 * segments - 1);
                    int repeats = spikeCount(source, e, value[e], c < segments);
                    spikes += repeats;
                    Checks.inRange(source, at + ": input spikes of simulation " + i, spikes, 0, InputLimits.MAX_STEPS);
                    for (int r = 0; r < repeats; r++) {
                        (c < segments ? ex.get(c) : inh.get(c - segments)).add((int) step[e]);
                    }
                    e++;
                }
                if (e < sample.length && (sample[e] < i || sample[e] >= count)) {
                    throw new InputFormatException(source, "sample[" + e + "]", "events sorted by sample, each a row"
                        + " of soma_mv (0 .. " + (count - 1) + "), here at least " + i, Long.toString(sample[e]));
                }
                int from = (int) outOffsets[i];
                float[] out = new float[(int) outOffsets[i + 1] - from];
                for (int j = 0; j < out.length; j++) {
                    out[j] = (float) outMs[from + j];
                }
                NeuronioFile.checkOutputSpikes(source, "output_spike_ms (simulation " + i + ")", out, steps);
                consumer.accept(new NeuronioSimulation(source, i, toArrays(ex), toArrays(inh), out,
                    Arrays.copyOfRange(soma, i * steps, (i + 1) * steps)));
            }
            if (e != sample.length) {
                throw new InputFormatException(source, "sample[" + e + "]", "a simulation in 0 .. " + (count - 1)
                    + " (one per row of soma_mv)", Long.toString(sample[e]));
            }
            return count;
        }
    }

    /**
     * How many input spikes an event stands for: the recorder adds spikes of one ms and synapse, so
     * the value is a whole number, positive on excitatory channels and negative on inhibitory ones.
     */
    private static int spikeCount(String source, int e, float value, boolean excitatory) throws InputFormatException {
        double magnitude = excitatory ? value : -value;
        if (!(magnitude >= 1 && magnitude <= MAX_SPIKES_PER_EVENT && magnitude == Math.rint(magnitude))) {
            throw new InputFormatException(source, "value[" + e + "]", excitatory
                ? "a whole number of spikes 1 .. " + MAX_SPIKES_PER_EVENT + " (excitatory channel)"
                : "minus a whole number of spikes, -1 .. -" + MAX_SPIKES_PER_EVENT + " (inhibitory channel)",
                Float.toString(value));
        }
        return (int) magnitude;
    }

    /** output_spike_offsets: N + 1 values from 0, never decreasing, ending at the number of output spikes. */
    private static void checkOffsets(String source, long[] offsets, int count, int spikes) throws InputFormatException {
        if (offsets.length != count + 1) {
            throw new InputFormatException(source, "output_spike_offsets", (count + 1)
                + " values (simulations in soma_mv + 1)", offsets.length + " values");
        }
        Checks.inRange(source, "output_spike_offsets[0]", offsets[0], 0, 0);
        for (int i = 1; i <= count; i++) {
            Checks.inRange(source, "output_spike_offsets[" + i + "]", offsets[i], offsets[i - 1], spikes);
        }
        Checks.inRange(source, "output_spike_offsets[" + count + "]", offsets[count], spikes, spikes);
    }

    private static NdArray vector(Npz.NpzFile z, String name, String source) throws IOException {
        NdArray a = z.get(name);
        if (a.rank() != 1) {
            throw new InputFormatException(source, name, "a 1-D array", "shape " + Arrays.toString(a.shape()));
        }
        return a;
    }

    private static long[] integers(Npz.NpzFile z, String name, String source) throws IOException {
        NdArray a = vector(z, name, source);
        if (a.dtype().isFloatingPoint() || a.dtype() == io.elmkit.io.nd.DType.BOOL) {
            throw new InputFormatException(source, name, "an integer array", a.dtype().numpyCode());
        }
        return a.toLongArray();
    }

    private static NdArray scalar(Npz.NpzFile z, String name, String source) throws IOException {
        NdArray a = z.get(name);
        if (a.size() != 1) {
            throw new InputFormatException(source, name, "a scalar", "shape " + Arrays.toString(a.shape()));
        }
        return a;
    }

    private static long scalarLong(Npz.NpzFile z, String name, String source) throws IOException {
        NdArray a = scalar(z, name, source);
        if (a.dtype().isFloatingPoint()) {
            return Checks.wholeNumber(source, name, a.getDouble(0), Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return a.getLong(0);
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] out = new int[lists.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /**
     * Reads NeuronIO pickles (.p, .p.gz) and our trace files (.npz) alike, by content (a zip is a
     * trace file, a pickle or gzip a NeuronIO file); any other kind of file is refused by what it is.
     */
    public static void readAny(Path file, Consumer<NeuronioSimulation> consumer) throws IOException {
        if (Files.isRegularFile(file) && (FileKind.of(file) == FileKind.NPZ || FileKind.of(file) == FileKind.ZIP)) {
            read(file, consumer);
        } else {
            NeuronioFile.read(file, consumer);
        }
    }
}
