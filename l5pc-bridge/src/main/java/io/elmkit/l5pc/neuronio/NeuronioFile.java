package io.elmkit.l5pc.neuronio;

import io.elmkit.io.nd.NdArray;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * NeuronIO files (the published L5PC dataset's Python-2 pickles, spec section 3), read as a
 * stream: simulations reach the consumer one at a time, so memory stays at about one simulation
 * whatever the file size. {@code .gz} files are decompressed on the fly.
 */
public final class NeuronioFile {
    private final Path path;
    private final int numSegments;
    private final double totalSimDurationSec;
    private final int numSimulations;

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
        String source = path.toString();
        if (!Files.exists(path)) {
            throw new NoSuchFileException(source, null, "NeuronIO file not found");
        }
        BitSet memoReads;
        try (InputStream in = open(path)) {
            memoReads = PickleStream.scanMemoReads(in, source);
        }
        int[] count = {0};
        Object root;
        try (InputStream in = open(path)) {
            root = PickleStream.read(in, source, memoReads, dict -> {
                try {
                    consumer.accept(toSimulation(dict, count[0], source));
                } catch (NeuronioFormatException e) {
                    throw new IllegalStateException(e);
                }
                count[0]++;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof NeuronioFormatException) {
                throw (NeuronioFormatException) e.getCause();
            }
            throw e;
        }
        Map<?, ?> top = map(root, source, "(root)");
        Map<?, ?> params = map(get(top, "Params", source, ""), source, "Params");
        Map<?, ?> results = map(get(top, "Results", source, ""), source, "Results");
        Object sims = get(results, PickleStream.SIMULATION_LIST_KEY, source, "Results.");
        if (!(sims instanceof List)) {
            throw new NeuronioFormatException(source, "Results." + PickleStream.SIMULATION_LIST_KEY, "not a list");
        }
        Object segments = get(params, "allSegmentsType", source, "Params.");
        if (!(segments instanceof List)) {
            throw new NeuronioFormatException(source, "Params.allSegmentsType", "not a list of segment types");
        }
        Object duration = get(params, "totalSimDurationInSec", source, "Params.");
        return new NeuronioFile(path, ((List<?>) segments).size(), ((Number) duration).doubleValue(), count[0]);
    }

    /** All simulations in memory (for small files and tests). */
    public static List<NeuronioSimulation> readAll(Path path) throws IOException {
        List<NeuronioSimulation> all = new ArrayList<>();
        read(path, all::add);
        return all;
    }

    private static InputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        if (path.getFileName().toString().endsWith(".gz")) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    private static NeuronioSimulation toSimulation(Map<String, Object> d, int index, String source)
        throws NeuronioFormatException {
        String where = "simulation " + index + ".";
        int[][] ex = spikeDict(get(d, "exInputSpikeTimes", source, where), source, where + "exInputSpikeTimes");
        int[][] inh = spikeDict(get(d, "inhInputSpikeTimes", source, where), source, where + "inhInputSpikeTimes");
        if (ex.length != inh.length) {
            throw new NeuronioFormatException(source, where + "inhInputSpikeTimes", "has " + inh.length
                + " segments but exInputSpikeTimes has " + ex.length);
        }
        float[] out = floats(get(d, "outputSpikeTimes", source, where), source, where + "outputSpikeTimes");
        float[] soma = floats(get(d, "somaVoltageLowRes", source, where), source, where + "somaVoltageLowRes");
        return new NeuronioSimulation(index, ex, inh, out, soma);
    }

    private static int[][] spikeDict(Object o, String source, String where) throws NeuronioFormatException {
        Map<?, ?> m = map(o, source, where);
        int segments = 0;
        for (Object k : m.keySet()) {
            if (!(k instanceof Long) || (Long) k < 0) {
                throw new NeuronioFormatException(source, where, "key " + k + " is not a segment index");
            }
            segments = Math.max(segments, (int) (long) (Long) k + 1);
        }
        int[][] out = new int[segments][];
        for (int s = 0; s < segments; s++) {
            Object times = m.get((long) s);
            if (times == null) {
                out[s] = new int[0];
                continue;
            }
            if (times instanceof NdArray) {
                out[s] = ((NdArray) times).toIntArray();
                continue;
            }
            if (!(times instanceof List)) {
                throw new NeuronioFormatException(source, where + "[" + s + "]", "not a list of spike times");
            }
            List<?> list = (List<?>) times;
            int[] t = new int[list.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = (int) Math.round(((Number) list.get(i)).doubleValue());
            }
            out[s] = t;
        }
        return out;
    }

    private static float[] floats(Object o, String source, String where) throws NeuronioFormatException {
        if (o instanceof NdArray) {
            return ((NdArray) o).toFloatArray();
        }
        throw new NeuronioFormatException(source, where, "expected a numpy array, found "
            + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    private static Map<?, ?> map(Object o, String source, String where) throws NeuronioFormatException {
        if (!(o instanceof Map)) {
            throw new NeuronioFormatException(source, where, "expected a dict, found "
                + (o == null ? "None" : o.getClass().getSimpleName()));
        }
        return (Map<?, ?>) o;
    }

    private static Object get(Map<?, ?> m, String key, String source, String prefix) throws NeuronioFormatException {
        if (!m.containsKey(key)) {
            throw new NeuronioFormatException(source, prefix + key, "missing key (keys present: " + m.keySet() + ")");
        }
        return m.get(key);
    }

    public Path path() {
        return path;
    }

    /** Number of dendritic segments (639 for the Hay L5PC); the model input has twice as many channels. */
    public int numSegments() {
        return numSegments;
    }

    public double totalSimDurationSec() {
        return totalSimDurationSec;
    }

    public int numSimulations() {
        return numSimulations;
    }
}
