package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile NeuronIO corpus ({@link HostileNeuronioCorpus}) through {@code eval-neuronio} and
 * {@code convert}: each file ends in one error line naming it, and convert writes nothing. The
 * model is a small synthetic one for the corpus' 3 segments, so this runs without ../shared.
 */
class HostileNeuronioTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path validTraces;

    @BeforeAll
    static void modelAndTraces() throws Exception {
        model = shared.resolve("model");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(2 * HostileNeuronioCorpus.SEGMENTS, 2).numMemory(3)
            .build(), 1), model);
        Path pickle = shared.resolve("valid.p");
        Files.write(pickle, HostileNeuronioCorpus.Pickle.of(HostileNeuronioCorpus.validFile()));
        validTraces = shared.resolve("valid.npz");
        CliRunner r = CliRunner.run("convert", pickle.toString(), validTraces.toString());
        assertEquals(0, r.exitCode, r.err);
    }

    static String[] eval(Path file) {
        return new String[] {"eval-neuronio", "--model", model.toString(), "--traces", file.toString(), "--threads", "1"};
    }

    @Test
    void theCorpusBaseIsAValidNeuronioFile(@TempDir Path tmp) throws Exception {
        Path plain = tmp.resolve("valid.p");
        Files.write(plain, HostileNeuronioCorpus.Pickle.of(HostileNeuronioCorpus.validFile()));
        Path gz = tmp.resolve("valid.p.gz");
        Files.write(gz, HostileNeuronioCorpus.gzip(Files.readAllBytes(plain)));
        for (Path f : List.of(plain, gz, validTraces)) {
            CliRunner r = CliRunner.run(eval(f));
            assertEquals(0, r.exitCode, f + ": " + r.err);
        }
        CliRunner fromPickle = CliRunner.run(eval(plain));
        CliRunner fromTraces = CliRunner.run(eval(validTraces));
        assertEquals(fromPickle.out, fromTraces.out, "the trace file reads as the pickle it came from");
    }

    static Stream<HostileNeuronioCorpus.Case> pickles() {
        return HostileNeuronioCorpus.pickles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pickles")
    void aHostilePickleIsOneLineNamingTheFile(HostileNeuronioCorpus.Case c, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve(c.name());
        Files.write(file, c.bytes());
        // Limits are read when a file is opened: low ones show each bound without gigabytes.
        String limit = c.name().equals(HostileNeuronioCorpus.BOMB) ? "elmkit.limit.bytes"
            : c.name().equals(HostileNeuronioCorpus.HELD) ? "elmkit.limit.steps" : null;
        if (limit != null) {
            System.setProperty(limit, limit.endsWith("bytes") ? Long.toString(1 << 20) : "1000");
        }
        try {
            HostileInput.assertOneLineError(file, eval(file), c.mentions());
            Path out = tmp.resolve("out.npz");
            // convert picks its reader by content: an HDF5 or .npy file named .p meets the SHD or .npy reader,
            // whose own one-line error then applies.
            io.elmkit.io.FileKind kind = io.elmkit.io.FileKind.of(file);
            boolean otherReader = kind == io.elmkit.io.FileKind.HDF5 || kind == io.elmkit.io.FileKind.NPY;
            HostileInput.assertOneLineError(file, new String[] {"convert", file.toString(), out.toString()},
                otherReader ? new String[0] : c.mentions());
            assertFalse(Files.exists(out), "convert wrote nothing");
        } finally {
            if (limit != null) {
                System.clearProperty(limit);
            }
        }
    }

    /** A trace .npz case: the valid traces with one array changed. */
    record TraceCase(String name, Consumer<LinkedHashMap<String, NdArray>> change, String... mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> traces() {
        List<TraceCase> cases = new ArrayList<>();
        cases.add(new TraceCase("soma_nan", a -> floats(a, "soma_mv")[HostileNeuronioCorpus.DURATION_MS + 7] = Float.NaN,
            "soma_mv[1, 7]", "NaN"));
        cases.add(new TraceCase("step_shorter", a -> a.put("step", NdArray.ofLongs(new long[] {1, 2}, 2)), "step",
            "(the length of sample)"));
        cases.add(new TraceCase("channel_past_end", a -> ints(a, "channel")[4] = 6, "channel[4]", "0 .. 5", "found 6"));
        cases.add(new TraceCase("value_half", a -> floats(a, "value")[0] = 0.5f, "value[0]", "0.5"));
        cases.add(new TraceCase("value_nan", a -> floats(a, "value")[1] = Float.NaN, "value[1]", "NaN"));
        cases.add(new TraceCase("value_wrong_sign", a -> floats(a, "value")[0] = -floats(a, "value")[0], "value[0]"));
        cases.add(new TraceCase("sample_4e8", a -> {
            long[] s = longs(a, "sample");
            s[s.length - 1] = 400_000_000L;
        }, "sample[", "400000000"));
        cases.add(new TraceCase("sample_unsorted", a -> longs(a, "sample")[0] = 1, "sample["));
        cases.add(new TraceCase("sample_as_float", a -> a.put("sample", NdArray.ofDoubles(
            new double[longs(a, "sample").length], longs(a, "sample").length)), "sample", "an integer array"));
        cases.add(new TraceCase("step_negative", a -> longs(a, "step")[3] = -4, "step[3]", "found -4"));
        cases.add(new TraceCase("num_segments_2_31", a -> a.put("num_segments", NdArray.scalarLong((1L << 31) + 3)),
            "num_segments", "2147483651"));
        cases.add(new TraceCase("num_steps_zero", a -> a.put("num_steps", NdArray.scalarLong(0)), "num_steps", "found 0"));
        cases.add(new TraceCase("soma_wrong_shape", a -> a.put("soma_mv", NdArray.ofFloats(new float[12], 2, 6)),
            "soma_mv", "(N, 600)"));
        cases.add(new TraceCase("offsets_decreasing", a -> longs(a, "output_spike_offsets")[1] = 5,
            "output_spike_offsets[1]"));
        cases.add(new TraceCase("offsets_short", a -> a.put("output_spike_offsets", NdArray.ofLongs(new long[] {0, 1}, 2)),
            "output_spike_offsets", "3 values"));
        cases.add(new TraceCase("output_spike_nan", a -> doubles(a, "output_spike_ms")[0] = Double.NaN,
            "output_spike_ms (simulation 0)[0]", "NaN"));
        cases.add(new TraceCase("dt_ms_half", a -> a.put("dt_ms", NdArray.scalarDouble(0.5)), "dt_ms", "0.5"));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void aHostileTraceFileIsOneLineNamingTheArray(TraceCase c, @TempDir Path tmp) throws Exception {
        LinkedHashMap<String, NdArray> arrays = Npz.read(validTraces);
        c.change().accept(arrays);
        Path file = tmp.resolve(c.name() + ".npz");
        Npz.write(file, arrays);
        HostileInput.assertOneLineError(file, eval(file), c.mentions());
    }

    @Test
    void paramsAfterTheSimulationsReadTheSameAndAreChecked(@TempDir Path tmp) throws Exception {
        Path valid = tmp.resolve("valid.p");
        Files.write(valid, HostileNeuronioCorpus.Pickle.of(HostileNeuronioCorpus.validFile()));
        Path resultsFirst = tmp.resolve("results_first.p");
        Files.write(resultsFirst, HostileNeuronioCorpus.Pickle.of(resultsFirst(HostileNeuronioCorpus.validFile())));
        CliRunner a = CliRunner.run(eval(valid));
        CliRunner b = CliRunner.run(eval(resultsFirst));
        assertEquals(0, b.exitCode, b.err);
        assertEquals(a.out, b.out);
        // Params read after the simulations must still agree with them.
        LinkedHashMap<String, Object> fourSegments = resultsFirst(HostileNeuronioCorpus.validFile());
        segmentTypes(fourSegments).add("apical");
        Path mismatch = tmp.resolve("results_first_4_segments.p");
        Files.write(mismatch, HostileNeuronioCorpus.Pickle.of(fourSegments));
        HostileInput.assertOneLineError(mismatch, eval(mismatch), "Params.allSegmentsType", "found 4 entries");
        // Params first (every published file): segments without spikes are kept, as the reference's dict2bin does.
        java.util.Map<String, Object> paramsFirst = HostileNeuronioCorpus.validFile();
        segmentTypes(paramsFirst).add("apical");
        Path padded = tmp.resolve("params_first_4_segments.p");
        Files.write(padded, HostileNeuronioCorpus.Pickle.of(paramsFirst));
        List<io.elmkit.l5pc.neuronio.NeuronioSimulation> sims = io.elmkit.l5pc.neuronio.NeuronioFile.readAll(padded);
        assertEquals(4, sims.get(0).numSegments());
        assertEquals(0, sims.get(1).excitatorySpikesMs()[3].length);
        HostileInput.assertOneLineError(padded, eval(padded), "simulation 0", "4 segments give 8 input channels");
    }

    private static LinkedHashMap<String, Object> resultsFirst(java.util.Map<String, Object> file) {
        LinkedHashMap<String, Object> swapped = new LinkedHashMap<>();
        swapped.put("Results", file.get("Results"));
        swapped.put("Params", file.get("Params"));
        return swapped;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> segmentTypes(java.util.Map<String, Object> file) {
        return (List<Object>) ((java.util.Map<String, Object>) file.get("Params")).get("allSegmentsType");
    }

    @Test
    void fitNeuronioReadsTheSameWay(@TempDir Path tmp) throws Exception {
        Path valid = tmp.resolve("valid.p");
        Files.write(valid, HostileNeuronioCorpus.Pickle.of(HostileNeuronioCorpus.validFile()));
        Path nan = tmp.resolve("spike_nan.p");
        Files.write(nan, HostileNeuronioCorpus.Pickle.of(HostileNeuronioCorpus.file(2,
            sim -> exTimes(sim).set(0, Double.NaN))));
        HostileInput.assertOneLineError(nan, new String[] {"fit-neuronio", "--traces", valid.toString(), nan.toString(),
            "--out", tmp.resolve("out1").toString(), "--threads", "1"}, "exInputSpikeTimes[0][0]", "NaN");
        // Two cells in one training set: refused, naming both files, instead of mixing input layouts.
        java.util.Map<String, Object> four = HostileNeuronioCorpus.validFile();
        segmentTypes(four).add("apical");
        Path other = tmp.resolve("other_cell.p");
        Files.write(other, HostileNeuronioCorpus.Pickle.of(four));
        HostileInput.assertOneLineError(other, new String[] {"fit-neuronio", "--traces", valid.toString(),
            other.toString(), "--out", tmp.resolve("out2").toString(), "--window", "50", "--epochs", "1",
            "--batches-per-epoch", "1", "--batch", "1", "--memory", "2", "--threads", "1"}, "4 segments", "valid.p");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> exTimes(java.util.Map<String, Object> sim) {
        return (List<Object>) ((java.util.Map<Object, Object>) sim.get("exInputSpikeTimes")).get(0L);
    }

    @Test
    void anHdf5FileSaysWhatItIsAndWhatIsRead(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("x.h5");
        Files.write(file, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0});
        String line = HostileInput.assertOneLineError(file, eval(file), "an HDF5 file",
            "a NeuronIO pickle (.p, .p.gz) or an elmkit trace .npz");
        assertEquals("eval-neuronio: error: " + file + ": an HDF5 file; expected a NeuronIO pickle (.p, .p.gz) or an"
            + " elmkit trace .npz", line);
        Path dir = Files.createDirectories(tmp.resolve("sims.p"));
        HostileInput.assertOneLineError(dir, eval(dir), "a directory");
    }

    private static float[] floats(LinkedHashMap<String, NdArray> a, String name) {
        return (float[]) a.get(name).data();
    }

    private static double[] doubles(LinkedHashMap<String, NdArray> a, String name) {
        return (double[]) a.get(name).data();
    }

    private static int[] ints(LinkedHashMap<String, NdArray> a, String name) {
        return (int[]) a.get(name).data();
    }

    private static long[] longs(LinkedHashMap<String, NdArray> a, String name) {
        return (long[]) a.get(name).data();
    }
}
