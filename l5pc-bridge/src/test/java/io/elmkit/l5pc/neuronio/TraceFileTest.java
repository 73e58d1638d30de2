package io.elmkit.l5pc.neuronio;

import io.elmkit.io.check.InputFormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.eval.NeuronioEvaluation;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {

    static void assertSame(NeuronioSimulation a, NeuronioSimulation b) {
        assertEquals(a.numSegments(), b.numSegments());
        for (int s = 0; s < a.numSegments(); s++) {
            int[] ea = a.excitatorySpikesMs()[s].clone();
            int[] eb = b.excitatorySpikesMs()[s].clone();
            java.util.Arrays.sort(ea);
            java.util.Arrays.sort(eb);
            assertArrayEquals(ea, eb, "segment " + s);
            int[] ia = a.inhibitorySpikesMs()[s].clone();
            int[] ib = b.inhibitorySpikesMs()[s].clone();
            java.util.Arrays.sort(ia);
            java.util.Arrays.sort(ib);
            assertArrayEquals(ia, ib, "inh segment " + s);
        }
        assertArrayEquals(a.outputSpikesMs(), b.outputSpikesMs());
        assertArrayEquals(a.somaVoltageMv(), b.somaVoltageMv());
    }

    @Test
    void tinyPickleRoundTripsThroughOurFormat(@TempDir Path tmp) throws Exception {
        Path tiny = Path.of(getClass().getResource("/neuronio/tiny.p").toURI());
        List<NeuronioSimulation> sims = NeuronioFile.readAll(tiny);
        TraceFile.write(tmp.resolve("t.npz"), sims);
        List<NeuronioSimulation> back = new ArrayList<>();
        assertEquals(2, TraceFile.read(tmp.resolve("t.npz"), back::add));
        for (int i = 0; i < sims.size(); i++) {
            assertSame(sims.get(i), back.get(i));
        }
    }

    @Test
    void realFileEvaluatesTheSameFromOurFormat(@TempDir Path tmp) throws Exception {
        Path pickle = ReferenceData.require("neuron/l5pc_seed101.p");
        Path npz = tmp.resolve("seed101.npz");
        TraceFile.write(npz, NeuronioFile.readAll(pickle));
        assertTrue(Files.size(npz) < Files.size(pickle), "compact: " + Files.size(npz) + " vs " + Files.size(pickle));
        var model = ModelDirectory.load(ReferenceData.require("models/num_memory_1"));
        var a = NeuronioEvaluation.evaluate(model, List.of(pickle), 2, ProgressMeter.silent("s", 0)).metrics;
        var b = NeuronioEvaluation.evaluate(model, List.of(npz), 2, ProgressMeter.silent("s", 0)).metrics;
        assertEquals(a, b);
    }

    @Test
    void aForeignNpzIsRefusedWithTheMissingArray(@TempDir Path tmp) throws Exception {
        io.elmkit.io.npy.Npz.write(tmp.resolve("x.npz"), java.util.Map.of("a", io.elmkit.io.nd.NdArray.scalarLong(1)));
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> TraceFile.read(tmp.resolve("x.npz"), s -> { }));
        assertTrue(e.getMessage().contains("x.npz: sample: missing array"), e.getMessage());
    }
}
