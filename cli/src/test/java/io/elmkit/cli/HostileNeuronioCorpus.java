package io.elmkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * The hostile NeuronIO corpus: pickles (plain and gzip) truncated, forged with huge lengths,
 * nested 200,000 deep, gzip bombs, impossible spike times, wrong keys and types, and files of other
 * kinds named {@code .p}. Every case is built here from a valid tiny NeuronIO file (3 segments,
 * 600 ms, 2 simulations) written by {@link Pickle}, so the corpus is generated, not committed.
 * {@code main(dir)} writes it to a directory; {@link HostileNeuronioTest} runs it through the CLI.
 */
public final class HostileNeuronioCorpus {
    static final int SEGMENTS = 3;
    static final int DURATION_MS = 600;

    /** One hostile file: its name, its bytes, and what its one-line error must mention. */
    record Case(String name, byte[] bytes, String... mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileNeuronioCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "hostile-neuronio");
        Files.createDirectories(dir);
        Files.write(dir.resolve("valid.p"), Pickle.of(validFile()));
        for (Case c : pickles()) {
            Files.write(dir.resolve(c.name()), c.bytes());
        }
        System.out.println("wrote " + (pickles().size() + 1) + " files to " + dir);
    }

    // ------------------------------------------------------------------ the valid file

    /** A NeuronIO file as Python writes it: Params, then Results.listOfSingleSimulationDicts. */
    static Map<String, Object> validFile() {
        return file(2, sim -> { });
    }

    /** A file of {@code n} simulations, each changed by {@code edit} (simulation 0 only). */
    static Map<String, Object> file(int n, Consumer<Map<String, Object>> edit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("allSegmentsType", new ArrayList<>(List.of("soma", "basal", "apical")));
        params.put("totalSimDurationInSec", DURATION_MS / 1000.0);
        List<Object> sims = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> sim = simulation(i);
            if (i == 0) {
                edit.accept(sim);
            }
            sims.add(sim);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("listOfSingleSimulationDicts", sims);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Params", params);
        root.put("Results", results);
        return root;
    }

    static Map<String, Object> simulation(int seed) {
        Random rng = new Random(seed);
        Map<Object, Object> ex = new LinkedHashMap<>();
        Map<Object, Object> inh = new LinkedHashMap<>();
        for (long s = 0; s < SEGMENTS; s++) {
            ex.put(s, times(rng, 20));
            inh.put(s, times(rng, 10));
        }
        float[] soma = new float[DURATION_MS];
        for (int t = 0; t < soma.length; t++) {
            soma[t] = -70f + 10f * (float) Math.sin(t / 30.0) + (t == 550 ? 40f : 0f);
        }
        Map<String, Object> sim = new LinkedHashMap<>();
        sim.put("exInputSpikeTimes", ex);
        sim.put("inhInputSpikeTimes", inh);
        sim.put("outputSpikeTimes", new Pickle.F4(new float[] {550.5f}));
        sim.put("somaVoltageLowRes", new Pickle.F4(soma));
        return sim;
    }

    private static List<Object> times(Random rng, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(DURATION_MS);
        }
        Arrays.sort(t);
        List<Object> out = new ArrayList<>();
        for (long v : t) {
            out.add(v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> ex(Map<String, Object> sim) {
        return (Map<Object, Object>) sim.get("exInputSpikeTimes");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> exTimes(Map<String, Object> sim, long segment) {
        return (List<Object>) ex(sim).get(segment);
    }

    // ------------------------------------------------------------------ the corpus

    /** Every hostile pickle, plain and gzip. */
    static List<Case> pickles() {
        List<Case> cases = new ArrayList<>();
        byte[] valid = Pickle.of(validFile());
        // Truncated at several offsets, plain and compressed.
        for (int cut : new int[] {1, 2, 3, valid.length / 3, valid.length / 2, valid.length - 1}) {
            cases.add(new Case("truncated_at_" + cut + ".p", Arrays.copyOf(valid, cut), "pickle offset"));
        }
        byte[] gz = gzip(valid);
        for (int cut : new int[] {5, 12, gz.length / 2, gz.length - 4}) {
            cases.add(new Case("gzip_truncated_at_" + cut + ".p.gz", Arrays.copyOf(gz, cut)));
        }
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 0x55;
        cases.add(new Case("gzip_bad_crc.p.gz", badCrc, "gzip"));
        // Declared lengths far beyond the file: 9-byte pickles claiming 2 GB.
        byte[] max = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        cases.add(claim("binbytes_2gb", 'B', max, "BINBYTES length", "2147483647 bytes declared"));
        cases.add(claim("binunicode_2gb", 'X', max, "BINUNICODE length", "2147483647"));
        cases.add(claim("binstring_2gb", 'T', max, "BINSTRING length", "2147483647"));
        cases.add(claim("long4_2gb", 0x8b, max, "LONG4", "2147483647"));
        cases.add(claim("short_binbytes_255", 'C', new byte[] {(byte) 0xff}, "SHORT_BINBYTES length", "255"));
        cases.add(claim("binstring_negative", 'T', new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            "BINSTRING length", "-1 bytes declared"));
        cases.add(claim("binbytes8_2e18", 0x8e, new byte[] {0, 0, 0, 0, 0, 0, 0, 0x20}, "BINBYTES8 length"));
        for (Case c : new ArrayList<>(cases.subList(cases.size() - 7, cases.size()))) {
            String m = c.mentions()[0];
            cases.add(new Case(c.name().replace(".p", ".p.gz"), gzip(c.bytes()), m));
        }
        // Nesting 200,000 deep: lists on the stack, tuples through TUPLE1, both refused at the depth limit.
        byte[] deepLists = new byte[2 + 200_000 + 199_999 + 1];
        deepLists[0] = (byte) 0x80;
        deepLists[1] = 2;
        Arrays.fill(deepLists, 2, 200_002, (byte) ']');
        Arrays.fill(deepLists, 200_002, deepLists.length - 1, (byte) 'a');
        deepLists[deepLists.length - 1] = '.';
        cases.add(new Case("nested_lists_200k.p", deepLists, "nested at most"));
        cases.add(new Case("nested_lists_200k.p.gz", gzip(deepLists), "nested at most"));
        byte[] deepTuples = new byte[2 + 1 + 200_000 + 1];
        deepTuples[0] = (byte) 0x80;
        deepTuples[1] = 2;
        deepTuples[2] = ')';
        Arrays.fill(deepTuples, 3, deepTuples.length - 1, (byte) 0x85);
        deepTuples[deepTuples.length - 1] = '.';
        cases.add(new Case("nested_tuples_200k.p", deepTuples, "nested at most"));
        // A flood of values on the stack (a million Nones): refused at the stack bound, not at the heap's.
        byte[] flood = new byte[2 + (1 << 20) + 2];
        flood[0] = (byte) 0x80;
        flood[1] = 2;
        Arrays.fill(flood, 2, flood.length - 1, (byte) 'N');
        flood[flood.length - 1] = '.';
        cases.add(new Case("stack_flood.p.gz", gzip(flood), "values on the unpickling stack"));
        // The same depth built from the memo with a constant stack: L(i) = [L(i-1)], each put and popped.
        ByteBuffer chain = ByteBuffer.allocate(2 + 3 + 200_000 * 13 + 6).order(ByteOrder.LITTLE_ENDIAN);
        chain.put((byte) 0x80).put((byte) 2).put((byte) ']').put((byte) 'q').put((byte) 0);
        for (int i = 1; i <= 200_000; i++) {
            chain.put((byte) ']').put((byte) 'j').putInt(i - 1).put((byte) 'a').put((byte) 'r').putInt(i).put((byte) '0');
        }
        chain.put((byte) 'j').putInt(200_000).put((byte) '.');
        cases.add(new Case("memo_chain_200k.p", Arrays.copyOf(chain.array(), chain.position()), "nested at most"));
        // A list of 2,000 values where the test allows 1,000 held at once.
        byte[] held = new byte[2 + 2 + 2000 + 2];
        held[0] = (byte) 0x80;
        held[1] = 2;
        held[2] = ']';
        held[3] = '(';
        Arrays.fill(held, 4, 2004, (byte) 'N');
        held[2004] = 'e';
        held[2005] = '.';
        cases.add(new Case(HELD, held, "values held at once"));
        // Malformed machine code.
        cases.add(raw("memo_get_negative", new byte[] {'j', (byte) 0xfb, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            "memo index", "-5"));
        cases.add(raw("memo_get_huge_text", "g99999999999999999999999\n".getBytes(StandardCharsets.US_ASCII),
            "memo index"));
        cases.add(raw("append_on_empty_stack", new byte[] {'a'}, "a value on the stack for opcode 'a'"));
        cases.add(raw("unknown_opcode", new byte[] {(byte) 0xf0}, "unsupported pickle opcode"));
        cases.add(raw("list_as_dict_key", new byte[] {'}', ']', 'K', 1, 's'}, "dict key"));
        cases.add(raw("refused_global", "cos\nsystem\n".getBytes(StandardCharsets.US_ASCII), "refused global"));
        cases.add(raw("long1_9_bytes", new byte[] {(byte) 0x8a, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "LONG1"));
        cases.add(new Case("protocol_9.p", new byte[] {(byte) 0x80, 9, '.'}, "pickle protocol"));
        // A gzip bomb: 10 MB of PUSH/POP pairs in ~10 KB, refused at the decompression limit the test sets.
        byte[] bomb = new byte[10 << 20];
        for (int i = 2; i < bomb.length - 1; i += 2) {
            bomb[i] = 'N';
            bomb[i + 1] = '0';
        }
        bomb[0] = (byte) 0x80;
        bomb[1] = 2;
        cases.add(new Case(BOMB, gzip(bomb), "decompressed bytes"));
        // Spike times the reference would misplace or crash on, and other values out of range.
        cases.add(edit("spike_negative", s -> exTimes(s, 1).set(0, -1L), "simulation 0.exInputSpikeTimes[1][0]",
            "found -1"));
        cases.add(edit("spike_nan", s -> exTimes(s, 2).set(3, Double.NaN), "exInputSpikeTimes[2][3]", "NaN"));
        cases.add(edit("spike_past_end", s -> exTimes(s, 0).set(19, (long) DURATION_MS), "exInputSpikeTimes[0][19]",
            "0 .. 599", "found 600"));
        cases.add(edit("spike_beyond_2_31", s -> exTimes(s, 0).set(5, (1L << 31) + 7), "found 2147483655"));
        cases.add(edit("spike_fraction", s -> exTimes(s, 0).set(5, 12.5), "found 12.5"));
        cases.add(edit("spike_str", s -> exTimes(s, 0).set(5, "12"), "exInputSpikeTimes[0][5]", "found str"));
        cases.add(edit("segment_beyond_2_31", s -> ex(s).put((1L << 31) + 1, new ArrayList<>()), "segment index",
            "2147483649"));
        cases.add(edit("segment_past_params", s -> ex(s).put(3L, new ArrayList<>()), "segment index", "0 .. 2",
            "found 3"));
        cases.add(edit("segment_negative", s -> ex(s).put(-1L, new ArrayList<>()), "segment index", "found -1"));
        cases.add(edit("segment_str_key", s -> ex(s).put("0", new ArrayList<>()), "exInputSpikeTimes", "str"));
        cases.add(edit("output_spike_nan", s -> s.put("outputSpikeTimes", new Pickle.F4(new float[] {Float.NaN})),
            "outputSpikeTimes[0]", "NaN"));
        cases.add(edit("output_spike_negative", s -> s.put("outputSpikeTimes", new Pickle.F4(new float[] {3f, -2f})),
            "outputSpikeTimes[1]", "-2.0"));
        cases.add(edit("output_spike_past_end", s -> s.put("outputSpikeTimes", new Pickle.F4(new float[] {600.7f})),
            "outputSpikeTimes[0]", "600.7"));
        cases.add(edit("soma_nan", s -> {
            float[] v = new float[DURATION_MS];
            v[7] = Float.NaN;
            s.put("somaVoltageLowRes", new Pickle.F4(v));
        }, "somaVoltageLowRes[7]", "NaN"));
        cases.add(edit("soma_short", s -> s.put("somaVoltageLowRes", new Pickle.F4(new float[10])),
            "somaVoltageLowRes", "600 values", "found 10 values"));
        // Wrong keys and types.
        cases.add(edit("missing_output_spikes", s -> s.remove("outputSpikeTimes"), "simulation 0.outputSpikeTimes",
            "missing key"));
        cases.add(edit("soma_as_list", s -> s.put("somaVoltageLowRes", new ArrayList<>(List.of(1.0, 2.0))),
            "somaVoltageLowRes", "found list"));
        cases.add(edit("spikes_as_list", s -> s.put("exInputSpikeTimes", new ArrayList<>()), "exInputSpikeTimes",
            "found list"));
        Map<String, Object> noResults = validFile();
        noResults.remove("Results");
        cases.add(new Case("missing_results.p", Pickle.of(noResults), "Results", "missing key"));
        Map<String, Object> durationText = validFile();
        params(durationText).put("totalSimDurationInSec", "six");
        cases.add(new Case("duration_str.p", Pickle.of(durationText), "Params.totalSimDurationInSec", "found str"));
        Map<String, Object> durationNan = validFile();
        params(durationNan).put("totalSimDurationInSec", Double.NaN);
        cases.add(new Case("duration_nan.p", Pickle.of(durationNan), "Params.totalSimDurationInSec", "NaN"));
        Map<String, Object> paramsList = validFile();
        paramsList.put("Params", new ArrayList<>());
        cases.add(new Case("params_as_list.p", Pickle.of(paramsList), "Params", "found list"));
        Map<String, Object> simNotDict = validFile();
        results(simNotDict).put("listOfSingleSimulationDicts", new ArrayList<>(List.of(5L)));
        cases.add(new Case("simulation_not_dict.p", Pickle.of(simNotDict), "listOfSingleSimulationDicts[0]",
            "found int"));
        // Other kinds of file named as pickles.
        cases.add(new Case("hdf5_named.p", new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0},
            "an HDF5 file", "NeuronIO pickle (.p, .p.gz)"));
        cases.add(new Case("npy_named.p", "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f4'}"
            .getBytes(StandardCharsets.ISO_8859_1), "a NumPy .npy array"));
        cases.add(new Case("empty.p", new byte[0], "an empty file"));
        byte[] random = new byte[4096];
        new Random(11).nextBytes(random);
        random[0] = 0x07;
        cases.add(new Case("random_bytes.p", random, "a file of unknown kind"));
        cases.add(new Case("text.p", "Params = {...}\n".getBytes(StandardCharsets.US_ASCII), "a text file"));
        byte[] gzRandom = gzip(Arrays.copyOfRange(random, 1, 4096));
        cases.add(new Case("gzip_of_random.p.gz", gzRandom, "pickle offset 0"));
        return cases;
    }

    /** The gzip bomb's name: its test lowers elmkit.limit.bytes (a real bomb would need gigabytes). */
    static final String BOMB = "gzip_bomb_10mb.p.gz";

    /** The case whose test lowers elmkit.limit.steps to 1,000 values held (a real one would need 67 million). */
    static final String HELD = "values_held_2000.p";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> file) {
        return (Map<String, Object>) file.get("Params");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> results(Map<String, Object> file) {
        return (Map<String, Object>) file.get("Results");
    }

    private static Case claim(String name, int opcode, byte[] length, String... mentions) {
        byte[] b = new byte[3 + length.length];
        b[0] = (byte) 0x80;
        b[1] = 2;
        b[2] = (byte) opcode;
        System.arraycopy(length, 0, b, 3, length.length);
        return new Case(name + ".p", b, mentions);
    }

    private static Case raw(String name, byte[] code, String... mentions) {
        byte[] b = new byte[2 + code.length + 1];
        b[0] = (byte) 0x80;
        b[1] = 2;
        System.arraycopy(code, 0, b, 2, code.length);
        b[b.length - 1] = '.';
        return new Case(name + ".p", b, mentions);
    }

    private static Case edit(String name, Consumer<Map<String, Object>> change, String... mentions) {
        return new Case(name + ".p", Pickle.of(file(2, change)), mentions);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ a protocol-2 pickle writer

    /**
     * Writes Python values as pickle protocol 2, as Python 3 does for NeuronIO's types: dict, list,
     * str, int, float, and 1-D numpy float32 arrays ({@link F4}, via numpy's {@code _reconstruct}).
     */
    static final class Pickle {
        /** A 1-D numpy float32 array. */
        record F4(float[] values) {
        }

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static byte[] of(Object root) {
            Pickle p = new Pickle();
            p.out.write(0x80);
            p.out.write(2);
            p.value(root);
            p.out.write('.');
            return p.out.toByteArray();
        }

        private void value(Object v) {
            if (v == null) {
                out.write('N');
            } else if (v instanceof Map<?, ?> m) {
                out.write('}');
                if (!m.isEmpty()) {
                    out.write('(');
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        value(e.getKey());
                        value(e.getValue());
                    }
                    out.write('u');
                }
            } else if (v instanceof List<?> l) {
                out.write(']');
                if (!l.isEmpty()) {
                    out.write('(');
                    for (Object item : l) {
                        value(item);
                    }
                    out.write('e');
                }
            } else if (v instanceof String s) {
                out.write('X');
                bytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof Long n) {
                if (n == (int) (long) n) {
                    out.write('J');
                    int32((int) (long) n);
                } else {
                    out.write(0x8a);
                    out.write(8);
                    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
                }
            } else if (v instanceof Double d) {
                out.write('G');
                out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
            } else if (v instanceof F4 a) {
                array(a.values());
            } else {
                throw new IllegalArgumentException("cannot pickle " + v.getClass());
            }
        }

        private void array(float[] values) {
            text("cnumpy.core.multiarray\n_reconstruct\n");
            text("cnumpy\nndarray\n");
            out.write('K');
            out.write(0);
            out.write(0x85); // shape (0,)
            out.write('C');
            out.write(1);
            out.write('b'); // b'b'
            out.write(0x87);
            out.write('R');
            out.write('(');
            out.write('K');
            out.write(1); // version
            out.write('J');
            int32(values.length);
            out.write(0x85); // shape
            text("cnumpy\ndtype\n");
            value("f4");
            out.write(0x89);
            out.write(0x88);
            out.write(0x87);
            out.write('R');
            out.write('(');
            out.write('K');
            out.write(3);
            value("<");
            out.write('N');
            out.write('N');
            out.write('N');
            out.write('J');
            int32(-1);
            out.write('J');
            int32(-1);
            out.write('K');
            out.write(0);
            out.write('t');
            out.write('b'); // dtype state
            out.write(0x89); // not Fortran order
            ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : values) {
                raw.putFloat(f);
            }
            out.write('B');
            bytes(raw.array());
            out.write('t');
            out.write('b');
        }

        private void text(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }

        private void bytes(byte[] b) {
            int32(b.length);
            out.writeBytes(b);
        }

        private void int32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        }
    }
}
