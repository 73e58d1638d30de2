package io.elmkit.l5pc.neuronio;

import io.elmkit.io.check.InputFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader against checksums of Python's own pickle.load (see make_neuronio_fixtures.py). */
class NeuronioFileTest {

    static Path resource(String name) throws Exception {
        return Path.of(NeuronioFileTest.class.getResource("/neuronio/" + name).toURI());
    }

    static void assertMatches(JsonNode expected, NeuronioFile file, List<NeuronioSimulation> sims) {
        assertEquals(expected.get("segments").asInt(), file.numSegments());
        assertEquals(expected.get("duration_s").asDouble(), file.totalSimDurationSec());
        JsonNode list = expected.get("simulations");
        assertEquals(list.size(), sims.size());
        assertEquals(list.size(), file.numSimulations());
        for (int i = 0; i < sims.size(); i++) {
            JsonNode e = list.get(i);
            NeuronioSimulation s = sims.get(i);
            long exCount = 0;
            long exSum = 0;
            long exWeighted = 0;
            for (int seg = 0; seg < s.excitatorySpikesMs().length; seg++) {
                for (int t : s.excitatorySpikesMs()[seg]) {
                    exCount++;
                    exSum += t;
                    exWeighted += seg;
                }
            }
            long inhCount = 0;
            long inhSum = 0;
            for (int[] seg : s.inhibitorySpikesMs()) {
                for (int t : seg) {
                    inhCount++;
                    inhSum += t;
                }
            }
            double outSum = 0;
            for (float t : s.outputSpikesMs()) {
                outSum += t;
            }
            double somaSum = 0;
            for (float v : s.somaVoltageMv()) {
                somaSum += v;
            }
            String at = "simulation " + i;
            assertEquals(e.get("ex_count").asLong(), exCount, at);
            assertEquals(e.get("ex_sum").asLong(), exSum, at);
            assertEquals(e.get("ex_weighted").asLong(), exWeighted, at);
            assertEquals(e.get("inh_count").asLong(), inhCount, at);
            assertEquals(e.get("inh_sum").asLong(), inhSum, at);
            assertEquals(e.get("out_count").asInt(), s.outputSpikesMs().length, at);
            assertEquals(e.get("out_sum").asDouble(), outSum, 1e-9, at);
            assertEquals(e.get("soma_len").asInt(), s.durationMs(), at);
            assertEquals(e.get("soma_sum").asDouble(), somaSum, 1e-6, at);
        }
    }

    @Test
    void readsATinyPython3Protocol2File() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(resource("tiny_checksums.json").toFile());
        java.util.ArrayList<NeuronioSimulation> sims = new java.util.ArrayList<>();
        NeuronioFile file = NeuronioFile.read(resource("tiny.p"), sims::add);
        assertMatches(expected, file, sims);
    }

    @ParameterizedTest
    @ValueSource(strings = {"l5pc_seed101.p", "more/l5pc_seed107.p.gz"})
    void readsRealNeuronFilesExactlyAsPythonDoes(String name) throws Exception {
        Path file = ReferenceData.require("neuron/" + name);
        JsonNode expected = new ObjectMapper().readTree(resource("reference_checksums.json").toFile()).get(name);
        java.util.ArrayList<NeuronioSimulation> sims = new java.util.ArrayList<>();
        NeuronioFile f = NeuronioFile.read(file, sims::add);
        assertMatches(expected, f, sims);
    }

    @Test
    void truncatedMissingKeyAndForbiddenGlobalAreClearErrors() throws Exception {
        InputFormatException t = assertThrows(InputFormatException.class,
            () -> NeuronioFile.readAll(resource("tiny_truncated.p")));
        assertTrue(t.getMessage().contains("tiny_truncated.p") && t.getMessage().contains("truncated"), t.getMessage());
        InputFormatException m = assertThrows(InputFormatException.class,
            () -> NeuronioFile.readAll(resource("tiny_missing_key.p")));
        assertTrue(m.getMessage().contains("tiny_missing_key.p: simulation 0.somaVoltageLowRes: missing key"),
            m.getMessage());
        InputFormatException g = assertThrows(InputFormatException.class,
            () -> NeuronioFile.readAll(resource("tiny_evil.p")));
        assertTrue(g.getMessage().contains("refused global") && g.getMessage().contains("system"), g.getMessage());
    }

    @Test
    void aGzipFileIsNeverInflatedPastTheLimitAndForgedLengthsAreNotAllocated(@org.junit.jupiter.api.io.TempDir Path tmp)
        throws Exception {
        Path gz = tmp.resolve("tiny.p.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(resource("tiny.p")));
        }
        assertEquals(2, NeuronioFile.readAll(gz).size());
        InputFormatException bomb = assertThrows(InputFormatException.class,
            () -> NeuronioFile.read(gz, sim -> { }, 1000));
        assertTrue(bomb.getMessage().startsWith(gz + ": gzip stream: expected at most 1000 decompressed bytes"),
            bomb.getMessage());
        // 9 bytes claiming 2 GB: refused from the length, before any allocation.
        Path claim = tmp.resolve("claim.p");
        Files.write(claim, new byte[] {(byte) 0x80, 2, 'B', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, '.'});
        InputFormatException e = assertThrows(InputFormatException.class, () -> NeuronioFile.readAll(claim));
        assertEquals(claim + ": pickle offset 2: BINBYTES length: expected at most the 2 bytes left in the file,"
            + " found 2147483647 bytes declared", e.getMessage());
    }
}
