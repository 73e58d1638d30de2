package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.npy.Npz;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.TestBytes;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile SHD corpus through the CLI: every case ends in one error line naming the file (and the
 * dataset and index) in {@code run}, {@code convert} and {@code shd-adding}. Both layouts: flat files
 * are written here with jhdf (as {@code shd-adding --h5} writes them), ragged ones (the real SHD
 * layout, which jhdf cannot write) are byte patches of the committed h5py fixture
 * {@code shd-adding/src/test/resources/io/elmkit/shd/good3.h5}. Write the corpus to a folder with
 * {@code java ... io.elmkit.cli.HostileShdTest DIR} (test classpath).
 */
class HostileShdTest {
    /** The committed ragged fixture: 3 samples, times [[0.01, 0.5, 0.5, 1.2], [], [0.0, 0.999]] (float16), units uint16, labels uint8 [3, 17, 9]. */
    static final Path GOOD3 = Path.of("..", "shd-adding", "src", "test", "resources", "io", "elmkit", "shd", "good3.h5");

    /** One corpus file, the commands that must refuse it and what their error line must mention. */
    record Case(String name, Path file, List<String> commands, String... mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    static Path corpusDir;
    static List<Case> corpus;
    static Path model;

    @BeforeAll
    static void writeCorpus() throws IOException {
        corpus = writeCorpus(corpusDir);
        model = corpusDir.resolve("model");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(700, 19).numMemory(4).numBranch(7).numSynapsePerBranch(100)
            .deltaTMs(10).build(), 1), model);
    }

    static Stream<Case> cases() throws IOException {
        if (corpus == null) {
            writeCorpus();
        }
        return corpus.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCommandRefusesItInOneLine(Case c) {
        for (String command : c.commands) {
            String[] args = switch (command) {
                case "run" -> new String[] {"run", "--model", model.toString(), "--input", c.file.toString()};
                case "convert" -> new String[] {"convert", c.file.toString(), corpusDir.resolve("out-" + c.name + ".npz").toString()};
                case "shd-adding" -> new String[] {"shd-adding", "--shd", c.file.toString(), "--out",
                    corpusDir.resolve("pairs-" + c.name + ".npz").toString(), "--pairs", "8"};
                default -> throw new IllegalArgumentException(command);
            };
            String line = HostileInput.assertOneLineError(c.file, args, c.mentions);
            assertTrue(line.startsWith(command + ": error: "), line);
            System.out.println(c.name + ": " + line); // the closing note quotes these
        }
    }

    /** Writes the corpus into {@code dir}; returns its cases. */
    static List<Case> writeCorpus(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Case> cases = new ArrayList<>();
        List<String> all = List.of("run", "convert", "shd-adding");
        float[] times = {0.01f, 0.5f, 0.9f, 0.2f, 0.3f};
        int[] units = {3, 4, 699, 0, 10};
        long[] offsets = {0, 3, 3, 5};
        long[] labels = {3, 17, 9};

        cases.add(new Case("flat_unit700", flat(dir, "flat_unit700.h5", times, withValue(units, 2, 700), offsets, labels),
            all, "/spikes/units[2] (sample 0, spike 2)", "0..699", "found 700"));
        cases.add(new Case("flat_unit_2pow32", flatLongUnits(dir, "flat_unit_2pow32.h5", times, units, 4, 1L << 32, offsets, labels),
            all, "/spikes/units[4]", "found 4294967296"));
        cases.add(new Case("flat_negative_time", flat(dir, "flat_negative_time.h5", withValue(times, 3, -0.25f), units, offsets,
            labels), all, "/spikes/times[3] (sample 2, spike 0)", ">= 0 s", "found -0.25"));
        cases.add(new Case("flat_nan_time", flat(dir, "flat_nan_time.h5", withValue(times, 1, Float.NaN), units, offsets, labels),
            all, "/spikes/times[1]", "found NaN"));
        cases.add(new Case("flat_infinite_time", flat(dir, "flat_infinite_time.h5", withValue(times, 0, Float.POSITIVE_INFINITY),
            units, offsets, labels), all, "/spikes/times[0]", "found Infinity"));
        // finite but 10^30 s: would be 10^32 steps; refused before anything is allocated
        cases.add(new Case("flat_time_1e30", flat(dir, "flat_time_1e30.h5", withValue(times, 4, 1e30f), units, offsets, labels),
            List.of("run", "convert"), "/spikes/times", "latest spike", "steps"));
        cases.add(new Case("flat_label_negative", flat(dir, "flat_label_negative.h5", times, units, offsets,
            new long[] {3, -1, 9}), all, "/labels[1]", "found -1"));
        cases.add(new Case("flat_label_2pow40", flat(dir, "flat_label_2pow40.h5", times, units, offsets,
            new long[] {3, 1L << 40, 9}), all, "/labels[1]", "found 1099511627776"));
        cases.add(new Case("flat_label_25", flat(dir, "flat_label_25.h5", times, units, offsets, new long[] {3, 25, 9}),
            List.of("shd-adding"), "/labels[1]", "0..19", "found 25"));
        cases.add(new Case("flat_short_labels", flat(dir, "flat_short_labels.h5", times, units, offsets, new long[] {3, 17}),
            all, "/labels", "3 labels (one per sample)", "found 2 labels"));
        cases.add(new Case("flat_offsets_decreasing", flat(dir, "flat_offsets_decreasing.h5", times, units,
            new long[] {0, 4, 3, 5}, labels), all, "/spikes/offsets[2]", "non-decreasing", "found 3"));
        cases.add(new Case("flat_offsets_past_end", flat(dir, "flat_offsets_past_end.h5", times, units,
            new long[] {0, 3, 3, 9}, labels), all, "/spikes/offsets[3]", "found 9"));
        cases.add(new Case("flat_offsets_not_from_0", flat(dir, "flat_offsets_not_from_0.h5", times, units,
            new long[] {1, 3, 3, 5}, labels), all, "/spikes/offsets[0]", "found 1"));
        cases.add(new Case("flat_huge_dims", hugeDims(dir), all, "/spikes/times", "shape [1099511627776]"));
        Path good = flat(dir, "flat_good_for_truncation.h5", times, units, offsets, labels);
        cases.add(new Case("flat_truncated", truncate(good, dir.resolve("flat_truncated.h5"), Files.size(good) / 2), all,
            "flat_truncated.h5: "));
        Files.delete(good);

        byte[] ragged = Files.readAllBytes(GOOD3);
        cases.add(new Case("ragged_unit700", patch(dir, "ragged_unit700.h5", ragged, bytes(0xBB, 0x02, 0, 0), bytes(0xBC, 0x02, 0, 0)),
            all, "/spikes/units[2][0]", "0..699", "found 700"));
        // float16 0.01 s (0x211F) -> -0.01 s (0xA11F), the first spike of sample 0
        cases.add(new Case("ragged_negative_time", patch(dir, "ragged_negative_time.h5", ragged,
            bytes(0x1F, 0x21, 0x00, 0x38), bytes(0x1F, 0xA1, 0x00, 0x38)), all, "/spikes/times[0][0]", ">= 0 s", "found -0.01"));
        // float16 0.999 s (0x3BFE) -> NaN (0x7E00), the second spike of sample 2
        cases.add(new Case("ragged_nan_time", patch(dir, "ragged_nan_time.h5", ragged, bytes(0, 0, 0xFE, 0x3B), bytes(0, 0, 0x00, 0x7E)),
            all, "/spikes/times[2][1]", "found NaN"));
        cases.add(new Case("ragged_label_25", patch(dir, "ragged_label_25.h5", ragged, bytes(3, 17, 9), bytes(3, 25, 9)),
            List.of("shd-adding"), "/labels[1]", "0..19", "found 25"));
        // the global heap collection (the ragged data) claims 1 GiB: jhdf would allocate it before reading
        int gcol = TestBytes.indexOf(ragged, "GCOL".getBytes(StandardCharsets.US_ASCII), 0);
        cases.add(new Case("ragged_heap_1gib", patch(dir, "ragged_heap_1gib.h5", ragged,
            Arrays.copyOfRange(ragged, gcol, gcol + 16), concat(Arrays.copyOfRange(ragged, gcol, gcol + 8), le8(1L << 30))),
            all, "global heap collection at byte " + gcol, "1073741824 bytes declared"));
        Path shortLabels = dir.resolve("ragged_short_labels.h5");
        Files.copy(GOOD3.resolveSibling("short_labels.h5"), shortLabels, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        cases.add(new Case("ragged_short_labels", shortLabels, all, "/labels", "3 labels (one per sample)", "found 2 labels"));
        cases.add(new Case("ragged_truncated", truncate(GOOD3, dir.resolve("ragged_truncated.h5"), 1500), all,
            "superblock end-of-file address", "(truncated)"));

        Path text = dir.resolve("not_hdf5.h5");
        Files.writeString(text, "time,unit\n0.1,3\n", StandardCharsets.UTF_8);
        cases.add(new Case("not_hdf5", text, all, "a text file;", "reads", "SHD .h5"));
        Path npy = dir.resolve("array.h5");
        Npy.write(npy, NdArray.ofFloats(new float[] {1, 2, 3}, 3));
        cases.add(new Case("npy_named_h5", npy, List.of("run", "shd-adding"), "a NumPy .npy array;", "SHD .h5"));

        // SHD-Adding .npz archives (as elmkit shd-adding writes them) with one forged array each
        cases.add(new Case("pairs_channel700", pairs(dir, "pairs_channel700.npz", new int[] {0, 0, 700, 1}, 10.0, 1),
            List.of("run", "convert"), "events[0, 2] (channel)", "found 700"));
        cases.add(new Case("pairs_step_past_shape", pairs(dir, "pairs_step_past_shape.npz", new int[] {0, 200, 3, 1}, 10.0, 1),
            List.of("run", "convert"), "events[0, 1] (step)", "found 200"));
        cases.add(new Case("pairs_bin_nan", pairs(dir, "pairs_bin_nan.npz", new int[] {0, 0, 3, 1}, Double.NaN, 1),
            List.of("run", "convert"), "bin_ms", "found NaN"));
        cases.add(new Case("pairs_short_labels", pairs(dir, "pairs_short_labels.npz", new int[] {0, 0, 3, 1}, 10.0, 0),
            List.of("run", "convert"), "labels", "found 0 labels"));
        return cases;
    }

    /** A flat-layout SHD file (times float32, units int16, offsets int64, labels int64). */
    static Path flat(Path dir, String name, float[] times, int[] units, long[] offsets, long[] labels) {
        short[] u = new short[units.length];
        for (int i = 0; i < units.length; i++) {
            u[i] = (short) units[i];
        }
        return write(dir.resolve(name), times, u, offsets, labels);
    }

    private static Path flatLongUnits(Path dir, String name, float[] times, int[] units, int at, long value, long[] offsets,
                                      long[] labels) {
        long[] u = Arrays.stream(units).asLongStream().toArray();
        u[at] = value;
        return write(dir.resolve(name), times, u, offsets, labels);
    }

    private static Path write(Path file, float[] times, Object units, long[] offsets, long[] labels) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup spikes = hdf.putGroup("spikes");
            spikes.putDataset("times", times);
            spikes.putDataset("units", units);
            spikes.putDataset("offsets", offsets);
            hdf.putDataset("labels", labels);
        }
        return file;
    }

    /**
     * A flat file whose /spikes/times declares 2^40 elements: 4,951 spikes written, then the first
     * 8-byte little-endian 4951 after the dataset's object header address (its dataspace message) patched.
     */
    private static Path hugeDims(Path dir) throws IOException {
        int n = 4951;
        float[] t = new float[n];
        int[] u = new int[n];
        Path file = flat(dir, "flat_huge_dims.h5", t, u, new long[] {0, n}, new long[] {1});
        long header;
        try (HdfFile hdf = new HdfFile(file)) {
            header = hdf.getDatasetByPath("/spikes/times").getAddress();
        }
        byte[] bytes = Files.readAllBytes(file);
        int at = TestBytes.indexOf(bytes, le8(n), (int) header);
        assertTrue(at >= 0, "the dimension of /spikes/times is in the file");
        System.arraycopy(le8(1L << 40), 0, bytes, at, 8);
        resealObjectHeader(bytes, (int) header);
        Files.write(file, bytes);
        return file;
    }

    /**
     * Recomputes the checksum of the version-2 object header ("OHDR") at {@code at} after a patch, as
     * a forger would: Jenkins lookup3 over the signature up to the end of chunk 0.
     */
    private static void resealObjectHeader(byte[] bytes, int at) {
        assertTrue(bytes[at] == 'O' && bytes[at + 1] == 'H' && bytes[at + 2] == 'D' && bytes[at + 3] == 'R', "an OHDR header");
        int flags = bytes[at + 5] & 0xff;
        int offset = at + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int sizeBytes = 1 << (flags & 3);
        long chunk = 0;
        for (int i = 0; i < sizeBytes; i++) {
            chunk |= (bytes[offset + i] & 0xffL) << (8 * i);
        }
        int end = offset + sizeBytes + (int) chunk;
        int sum = io.jhdf.checksum.JenkinsLookup3HashLittle.hash(Arrays.copyOfRange(bytes, at, end));
        for (int i = 0; i < 4; i++) {
            bytes[end + i] = (byte) (sum >>> (8 * i));
        }
    }

    private static Path pairs(Path dir, String name, int[] row, double binMs, int numLabels) throws IOException {
        LinkedHashMap<String, NdArray> a = new LinkedHashMap<>();
        a.put("pair_indices", NdArray.ofLongs(new long[] {0, 1}, 1, 2));
        a.put("labels", NdArray.ofLongs(new long[numLabels], numLabels));
        a.put("events", NdArray.ofInts(row, 1, 4));
        a.put("shape", NdArray.ofLongs(new long[] {1, 200, 700}, 3));
        a.put("seed", NdArray.scalarLong(0));
        a.put("bin_ms", NdArray.scalarDouble(binMs));
        a.put("compat_reference", NdArray.scalarBoolean(true));
        Path file = dir.resolve(name);
        Npz.write(file, a, false);
        return file;
    }

    private static Path patch(Path dir, String name, byte[] original, byte[] find, byte[] replace) throws IOException {
        int at = TestBytes.indexOf(original, find, 0);
        assertTrue(at >= 0 && TestBytes.indexOf(original, find, at + 1) < 0, name + ": the patched bytes occur once in good3.h5");
        byte[] copy = original.clone();
        System.arraycopy(replace, 0, copy, at, replace.length);
        Path file = dir.resolve(name);
        Files.write(file, copy);
        return file;
    }

    private static Path truncate(Path source, Path target, long length) throws IOException {
        Files.write(target, Arrays.copyOf(Files.readAllBytes(source), (int) length));
        return target;
    }

    private static float[] withValue(float[] a, int i, float v) {
        float[] c = a.clone();
        c[i] = v;
        return c;
    }

    private static int[] withValue(int[] a, int i, int v) {
        int[] c = a.clone();
        c[i] = v;
        return c;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] le8(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** Writes the corpus to {@code args[0]} and lists it. */
    public static void main(String[] args) throws IOException {
        for (Case c : writeCorpus(Path.of(args.length > 0 ? args[0] : "hostile-shd"))) {
            System.out.println(c.file + "  (" + String.join(", ", c.commands) + ": " + String.join(" | ", c.mentions) + ")");
        }
    }
}
