package io.elmkit.l5pc.neuronio;

import io.elmkit.io.FileKind;
import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.check.UncheckedInputFormatException;
import io.elmkit.io.nd.NdArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * NeuronIO files (the published L5PC dataset's Python-2 pickles, docs/formats.md), read as a
 * stream: simulations reach the consumer one at a time, so memory stays at about one simulation
 * whatever the file size. Gzip-compressed files are decompressed on the fly (recognised by content).
 *
 * <p>Every value is checked as the reference uses it ({@code dict2bin} and the target code of
 * Beniaguev et al.): segment indices lie in {@code 0 .. len(Params.allSegmentsType) - 1}; input
 * spike times are whole ms in {@code 0 .. L - 1} with L = {@code totalSimDurationInSec * 1000}, the
 * length of {@code somaVoltageLowRes}; output spike times are finite, non-negative and fall in a bin
 * {@code int(t - 0.5)} below L; soma voltages are finite. The reference fails on most of these too
 * (IndexError), but a negative time there silently wraps to the end of the simulation (numpy
 * negative indexing): we refuse it, naming the file, simulation, segment, index and value.
 */
public final class NeuronioFile {
    /** Segments of one simulation: each gives two input channels. */
    static final long MAX_SEGMENTS = InputLimits.MAX_CHANNELS / 2;

    private final Path path;
    private final int numSegments;
    private final double totalSimDurationSec;
    private final int numSimulations;

    /** What the readers of this module accept, for the messages. */
    static final String EXPECTED = "a NeuronIO pickle (.p, .p.gz) or an elmkit trace .npz";

    /** The error for a file of another kind where a NeuronIO file was expected. */
    static InputFormatException refusal(String source, FileKind kind) {
        return new InputFormatException(source, kind.describe() + "; expected " + EXPECTED);
    }

    private NeuronioFile(Path path, int numSegments, double totalSimDurationSec, int numSimulations) {
        this.path = path;
        this.numSegments = numSegments;
        this.totalSimDurationSec = totalSimDurationSec;
        this.numSimulations = numSimulations;
    }

    /**
     * Streams the simulations of a file to {@code consumer} in order and returns the file's
     * description. Errors name the file and the missing or malformed key.
     */
    public static NeuronioFile read(Path path, Consumer<NeuronioSimulation> consumer) throws IOException {
        return read(path, consumer, PickleInput.maxBytes());
    }

    /** As {@link #read(Path, Consumer)}, with a gzip file never inflated past {@code maxBytes}. */
    public static NeuronioFile read(Path path, Consumer<NeuronioSimulation> consumer, long maxBytes) throws IOException {
        String source = path.toString();
        BitSet memoReads;
        try (PickleInput in = PickleInput.open(path, maxBytes)) {
            memoReads = PickleStream.scanMemoReads(in, source);
        }
        Shape shape = new Shape(source);
        Object root;
        try (PickleInput in = PickleInput.open(path, maxBytes)) {
            root = PickleStream.read(in, source, memoReads, dict -> {
                try {
                    NeuronioSimulation sim = shape.toSimulation(dict);
                    consumer.accept(sim);
                } catch (InputFormatException e) {
                    throw new UncheckedInputFormatException(e);
                }
            }, params -> {
                try {
                    shape.params(params);
                } catch (InputFormatException e) {
                    throw new UncheckedInputFormatException(e);
                }
            });
        }
        Map<?, ?> top = map(root, source, "(root)");
        Map<?, ?> params = map(get(top, "Params", source, ""), source, "Params");
        Map<?, ?> results = map(get(top, "Results", source, ""), source, "Results");
        Object sims = get(results, PickleStream.SIMULATION_LIST_KEY, source, "Results.");
        if (!(sims instanceof List)) {
            throw new InputFormatException(source, "Results." + PickleStream.SIMULATION_LIST_KEY, "a list",
                PickleStream.typeName(sims));
        }
        if (!shape.paramsKnown) {
            shape.paramsAfterSimulations(params);
        }
        return new NeuronioFile(path, shape.segments, shape.durationSec, shape.count);
    }

    /** All simulations in memory (for small files and tests). */
    public static List<NeuronioSimulation> readAll(Path path) throws IOException {
        List<NeuronioSimulation> all = new ArrayList<>();
        read(path, all::add);
        return all;
    }

    /**
     * What the simulations of one file must agree on: segments and duration from {@code Params}
     * when it precedes them (every published file), else from the first simulation, checked against
     * {@code Params} once it has been read.
     */
    private static final class Shape {
        final String source;
        boolean paramsKnown;
        int segments = -1;
        int durationMs = -1;
        double durationSec = Double.NaN;
        int count;

        Shape(String source) {
            this.source = source;
        }

        void params(Map<?, ?> params) throws InputFormatException {
            segments = segmentCount(params);
            durationSec = durationSec(params);
            durationMs = durationMs(durationSec);
            paramsKnown = true;
        }

        void paramsAfterSimulations(Map<?, ?> params) throws InputFormatException {
            int declaredSegments = segmentCount(params);
            double declaredSec = durationSec(params);
            int declaredMs = durationMs(declaredSec);
            if (count > 0 && declaredSegments != segments) {
                throw new InputFormatException(source, "Params.allSegmentsType", "one entry per segment of the"
                    + " simulations' spike dicts (" + segments + ")", declaredSegments + " entries");
            }
            if (count > 0 && declaredMs != durationMs) {
                throw new InputFormatException(source, "Params.totalSimDurationInSec", "the simulations' length ("
                    + durationMs + " ms of somaVoltageLowRes)", declaredSec + " s");
            }
            segments = declaredSegments;
            durationSec = declaredSec;
        }

        private int segmentCount(Map<?, ?> params) throws InputFormatException {
            Object types = get(params, "allSegmentsType", source, "Params.");
            if (!(types instanceof List)) {
                throw new InputFormatException(source, "Params.allSegmentsType", "a list of segment types",
                    PickleStream.typeName(types));
            }
            return Checks.toInt(source, "Params.allSegmentsType: number of segments", ((List<?>) types).size(), 1,
                (int) MAX_SEGMENTS);
        }

        private double durationSec(Map<?, ?> params) throws InputFormatException {
            Object d = get(params, "totalSimDurationInSec", source, "Params.");
            if (!(d instanceof Long || d instanceof Double)) {
                throw new InputFormatException(source, "Params.totalSimDurationInSec", "a number of seconds",
                    PickleStream.typeName(d));
            }
            return Checks.finite(source, "Params.totalSimDurationInSec", ((Number) d).doubleValue());
        }

        /** The reference's {@code sim_duration_ms = totalSimDurationInSec * 1000}, an array length: whole ms. */
        private int durationMs(double sec) throws InputFormatException {
            double ms = sec * 1000;
            long whole = Math.round(ms);
            if (!(Math.abs(ms - whole) < 1e-6 && whole >= 1 && whole <= InputLimits.MAX_STEPS)) {
                throw new InputFormatException(source, "Params.totalSimDurationInSec",
                    "a whole number of ms in 1 .. " + InputLimits.MAX_STEPS + " (as seconds)", sec + " s");
            }
            return (int) whole;
        }

        NeuronioSimulation toSimulation(Map<String, Object> d) throws InputFormatException {
            int index = count;
            Checks.inRange(source, "Results." + PickleStream.SIMULATION_LIST_KEY + ": number of simulations",
                index + 1L, 0, InputLimits.MAX_STREAMS);
            String where = "simulation " + index + ".";
            float[] soma = floats(get(d, "somaVoltageLowRes", source, where), source, where + "somaVoltageLowRes");
            if (durationMs < 0) {
                durationMs = Checks.toInt(source, where + "somaVoltageLowRes: length (ms)", soma.length, 1,
                    (int) InputLimits.MAX_STEPS);
            } else if (soma.length != durationMs) {
                throw new InputFormatException(source, where + "somaVoltageLowRes", durationMs
                    + " values (one per ms of " + (paramsKnown ? "Params.totalSimDurationInSec" : "simulation 0") + ")",
                    soma.length + " values");
            }
            for (int i = 0; i < soma.length; i++) {
                if (!Float.isFinite(soma[i])) {
                    throw new InputFormatException(source, where + "somaVoltageLowRes[" + i + "]", "a finite voltage (mV)",
                        Float.toString(soma[i]));
                }
            }
            int maxSegments = segments >= 0 ? segments : (int) MAX_SEGMENTS;
            Map<?, ?> exMap = map(get(d, "exInputSpikeTimes", source, where), source, where + "exInputSpikeTimes");
            Map<?, ?> inhMap = map(get(d, "inhInputSpikeTimes", source, where), source, where + "inhInputSpikeTimes");
            int present = Math.max(maxKey(exMap, maxSegments, where + "exInputSpikeTimes"),
                maxKey(inhMap, maxSegments, where + "inhInputSpikeTimes")) + 1;
            if (segments < 0) {
                segments = present;
            } else if (!paramsKnown && present != segments) {
                throw new InputFormatException(source, where + "exInputSpikeTimes", "segments 0 .. " + (segments - 1)
                    + " as in simulation 0", "segments 0 .. " + (present - 1));
            }
            int[][] ex = spikeDict(exMap, where + "exInputSpikeTimes");
            int[][] inh = spikeDict(inhMap, where + "inhInputSpikeTimes");
            float[] out = floats(get(d, "outputSpikeTimes", source, where), source, where + "outputSpikeTimes");
            checkOutputSpikes(source, where + "outputSpikeTimes", out, durationMs);
            count++;
            return new NeuronioSimulation(source, index, ex, inh, out, soma);
        }

        /** The largest segment index among the keys, each a whole number below {@code maxSegments}. */
        private int maxKey(Map<?, ?> m, int maxSegments, String where) throws InputFormatException {
            int max = -1;
            for (Object k : m.keySet()) {
                if (!(k instanceof Long)) {
                    throw new InputFormatException(source, where, "segment indices (int keys)",
                        "a key of type " + PickleStream.typeName(k));
                }
                int s = Checks.toInt(source, where + ": segment index", (Long) k, 0, maxSegments - 1);
                max = Math.max(max, s);
            }
            return max;
        }

        private int[][] spikeDict(Map<?, ?> m, String where) throws InputFormatException {
            int[][] out = new int[segments][];
            for (int s = 0; s < segments; s++) {
                Object times = m.get((long) s);
                out[s] = times == null ? new int[0] : spikeTimes(times, where + "[" + s + "]");
            }
            return out;
        }

        /** Whole ms in {@code 0 .. L - 1}: the reference indexes a (segments, L) array with them. */
        private int[] spikeTimes(Object times, String where) throws InputFormatException {
            String expected = "a whole number of ms in 0 .. " + (durationMs - 1);
            if (times instanceof NdArray) {
                NdArray a = (NdArray) times;
                if (a.rank() != 1) {
                    throw new InputFormatException(source, where, "a 1-D array of spike times",
                        "shape " + java.util.Arrays.toString(a.shape()));
                }
                int[] t = new int[a.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = a.dtype().isFloatingPoint() ? spikeTime(a.getDouble(i), where, i, expected)
                        : spikeTime(a.getLong(i), where, i, expected);
                }
                return t;
            }
            if (!(times instanceof List)) {
                throw new InputFormatException(source, where, "a list of spike times", PickleStream.typeName(times));
            }
            List<?> list = (List<?>) times;
            int[] t = new int[list.size()];
            for (int i = 0; i < t.length; i++) {
                Object v = list.get(i);
                if (v instanceof Long) {
                    t[i] = spikeTime((Long) v, where, i, expected);
                } else if (v instanceof Double) {
                    t[i] = spikeTime((Double) v, where, i, expected);
                } else {
                    throw new InputFormatException(source, where + "[" + i + "]", expected, PickleStream.typeName(v));
                }
            }
            return t;
        }

        private int spikeTime(long ms, String where, int i, String expected) throws InputFormatException {
            if (ms < 0 || ms >= durationMs) {
                throw new InputFormatException(source, where + "[" + i + "]", expected, Long.toString(ms));
            }
            return (int) ms;
        }

        private int spikeTime(double ms, String where, int i, String expected) throws InputFormatException {
            if (!(ms >= 0 && ms < durationMs) || ms != Math.rint(ms)) {
                throw new InputFormatException(source, where + "[" + i + "]", expected, Double.toString(ms));
            }
            return (int) ms;
        }
    }

    /**
     * Output spike times as the reference bins them, {@code int(t - 0.5)}: finite, not negative, and
     * in a bin below {@code durationMs} (a NaN there is an IndexError, a bin past the end too).
     */
    static void checkOutputSpikes(String source, String where, float[] ms, int durationMs)
        throws InputFormatException {
        for (int i = 0; i < ms.length; i++) {
            float t = ms[i];
            if (!(t >= 0f && (int) (t - 0.5f) < durationMs)) {
                throw new InputFormatException(source, where + "[" + i + "]", "a spike time in ms, 0 <= t < "
                    + durationMs + ".5 (bin int(t - 0.5) inside the simulation)", Float.toString(t));
            }
        }
    }

    private static float[] floats(Object o, String source, String where) throws InputFormatException {
        if (o instanceof NdArray && ((NdArray) o).rank() == 1) {
            return ((NdArray) o).toFloatArray();
        }
        throw new InputFormatException(source, where, "a 1-D numpy array", PickleStream.typeName(o));
    }

    private static Map<?, ?> map(Object o, String source, String where) throws InputFormatException {
        if (!(o instanceof Map)) {
            throw new InputFormatException(source, where, "a dict", PickleStream.typeName(o));
        }
        return (Map<?, ?>) o;
    }

    private static Object get(Map<?, ?> m, String key, String source, String prefix) throws InputFormatException {
        if (!m.containsKey(key)) {
            throw new InputFormatException(source, prefix + key, "missing key (keys present: " + keyList(m) + ")");
        }
        return m.get(key);
    }

    /** The keys of a dict for a message: at most 20, each shortened. */
    private static String keyList(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder("[");
        int n = 0;
        for (Object k : m.keySet()) {
            if (n == 20) {
                sb.append(", ... ").append(m.size() - 20).append(" more");
                break;
            }
            String s = String.valueOf(k);
            sb.append(n++ > 0 ? ", " : "").append(s.length() > 40 ? s.substring(0, 40) + "..." : s);
        }
        return sb.append(']').toString();
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Number of dendritic segments (639 for the Hay L5PC); the model input has twice as many channels. */
    public int numSegments() {
        return numSegments;
    }

    /** {@code Params.totalSimDurationInSec}: the length of every simulation in seconds. */
    public double totalSimDurationSec() {
        return totalSimDurationSec;
    }

    /** Simulations in the file. */
    public int numSimulations() {
        return numSimulations;
    }
}
