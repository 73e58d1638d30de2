package io.elmkit.cli;

import io.elmkit.io.shd.JhdfShdSamples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

    @Test
    void shdToEventsKeepsEverySpikeAndJournalRoundTripIsTheIdentity(@TempDir Path tmp) throws Exception {
        Path shd = ReferenceData.testData("shd/shd_test.h5");
        assertEquals(0, CliRunner.run("convert", shd.toString(), tmp.resolve("a.npz").toString()).exitCode);
        EventsFile a = EventsFile.read(tmp.resolve("a.npz"));
        JhdfShdSamples src = JhdfShdSamples.read(shd);
        long spikes = 0;
        for (int s = 0; s < src.size(); s++) {
            spikes += src.units(s).length;
            assertEquals(src.label(s), a.labels[s]);
        }
        assertEquals(spikes, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals((long) Math.floor(a.timeS[i] * 1000 + 1e-9), a.step[i], "event " + i);
        }
        assertEquals(0, CliRunner.run("convert", tmp.resolve("a.npz").toString(), tmp.resolve("journal").toString()).exitCode);
        assertEquals(0, CliRunner.run("convert", tmp.resolve("journal").toString(), tmp.resolve("b.npz").toString()).exitCode);
        org.junit.jupiter.api.Assertions.assertNotNull(a.labels);
        assertSameEvents(a, EventsFile.read(tmp.resolve("b.npz")), "SHD -> npz -> journal -> npz");
        // SHD straight to a journal holds the same.
        assertEquals(0, CliRunner.run("convert", shd.toString(), tmp.resolve("direct").toString()).exitCode);
        assertEquals(0, CliRunner.run("convert", tmp.resolve("direct").toString(), tmp.resolve("c.npz").toString()).exitCode);
        assertSameEvents(a, EventsFile.read(tmp.resolve("c.npz")), "SHD -> journal -> npz");
    }

    /** Every event (with its time), every label and the step grid survive the conversions {@code path}. */
    private static void assertSameEvents(EventsFile expected, EventsFile actual, String path) {
        assertArrayEquals(expected.sample, actual.sample, "samples: " + path);
        assertArrayEquals(expected.step, actual.step, "steps: " + path);
        assertArrayEquals(expected.channel, actual.channel, "channels: " + path);
        assertArrayEquals(expected.value, actual.value, "values: " + path);
        assertArrayEquals(expected.timeS, actual.timeS, "time_s: " + path);
        assertArrayEquals(expected.labels, actual.labels, "labels: " + path);
        assertEquals(expected.numSteps, actual.numSteps, "num_steps: " + path);
        assertEquals(expected.dtMs, actual.dtMs, "dt_ms: " + path);
    }

    @Test
    void eventsWithAndWithoutTimeSRoundTripThroughAJournal(@TempDir Path tmp) throws Exception {
        long[] sample = {0, 0, 0, 1};
        long[] step = {2, 2, 5, 0};
        int[] channel = {3, 9, 1, 4};
        float[] value = {1f, 1f, 2f, 1f};
        double[] timeS = {0.00205, 0.0029, 0.0051, 0.0004};
        new EventsFile(sample, step, channel, value, 1.0, 10, 8, timeS, null).write(tmp.resolve("t.npz"));
        new EventsFile(sample, step, channel, value, 1.0, 10, 8, null, null).write(tmp.resolve("u.npz"));
        for (String name : new String[] {"t", "u"}) {
            assertEquals(0, CliRunner.run("convert", tmp.resolve(name + ".npz").toString(), tmp.resolve(name + "j").toString()).exitCode);
            assertEquals(0, CliRunner.run("convert", tmp.resolve(name + "j").toString(), tmp.resolve(name + "2.npz").toString()).exitCode);
            EventsFile back = EventsFile.read(tmp.resolve(name + "2.npz"));
            assertArrayEquals(sample, back.sample);
            assertArrayEquals(step, back.step);
            assertArrayEquals(channel, back.channel);
            assertArrayEquals(value, back.value);
            assertArrayEquals(name.equals("t") ? timeS : null, back.timeS, name);
        }
    }

    @Test
    void denseRasterRoundTripsThroughEvents(@TempDir Path tmp) throws Exception {
        float[] x = new float[2 * 5 * 3];
        x[1] = 1f;
        x[7] = -2f;
        x[29] = 0.5f;
        Npy.write(tmp.resolve("x.npy"), NdArray.ofFloats(x, 2, 5, 3));
        assertEquals(0, CliRunner.run("convert", tmp.resolve("x.npy").toString(), tmp.resolve("e.npz").toString(),
            "--dt-ms", "2").exitCode);
        EventsFile e = EventsFile.read(tmp.resolve("e.npz"));
        assertEquals(3, e.size());
        assertEquals(2.0, e.dtMs);
        assertEquals(0, CliRunner.run("convert", tmp.resolve("e.npz").toString(), tmp.resolve("y.npy").toString()).exitCode);
        assertArrayEquals(x, Npy.read(tmp.resolve("y.npy")).toFloatArray());
    }

    @Test
    void corruptInputsAreClearErrors(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("bad.h5"), "not hdf5");
        CliRunner h5 = CliRunner.run("convert", tmp.resolve("bad.h5").toString(), tmp.resolve("o.npz").toString());
        assertEquals(1, h5.exitCode);
        assertTrue(h5.err.contains("bad.h5"), h5.err);
        Files.write(tmp.resolve("bad.npz"), new byte[] {80, 75, 3, 4, 0, 0});
        CliRunner npz = CliRunner.run("convert", tmp.resolve("bad.npz").toString(), tmp.resolve("o.npy").toString());
        assertEquals(1, npz.exitCode);
        assertTrue(npz.err.contains("bad.npz"), npz.err);
        Files.createDirectories(tmp.resolve("notjournal"));
        CliRunner j = CliRunner.run("convert", tmp.resolve("notjournal").toString(), tmp.resolve("o.npz").toString());
        assertEquals(1, j.exitCode);
        assertTrue(j.err.contains("not a spike journal"), j.err);
    }

    @org.junit.jupiter.api.Test
    void aNeuronioPickleBecomesATraceFileThatIsAlsoAnEventsFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path pickle = ReferenceData.require("neuron/l5pc_seed101.p");
        Path gz = tmp.resolve("l5pc_seed101.p.gz");
        try (var in = java.nio.file.Files.newInputStream(pickle);
             var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        Path npz = tmp.resolve("traces.npz");
        CliRunner r = CliRunner.run("convert", gz.toString(), npz.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exitCode, r.err);
        io.elmkit.io.events.EventsFile events = io.elmkit.io.events.EventsFile.read(npz);
        org.junit.jupiter.api.Assertions.assertEquals(1278, events.numChannels);
        org.junit.jupiter.api.Assertions.assertEquals(6000, events.numSteps);
        org.junit.jupiter.api.Assertions.assertEquals(8, events.sample[events.size() - 1] + 1);
        java.util.List<io.elmkit.l5pc.neuronio.NeuronioSimulation> sims = io.elmkit.l5pc.neuronio.NeuronioFile.readAll(pickle);
        long spikes = 0;
        for (var sim : sims) {
            spikes += sim.inputSpikeCount();
        }
        org.junit.jupiter.api.Assertions.assertEquals(spikes, events.size(), "every input spike is one event");
        // The trace file evaluates exactly like the pickle it came from.
        Path model = ReferenceData.require("models/num_memory_1");
        CliRunner fromPickle = CliRunner.run("eval-neuronio", "--model", model.toString(), "--traces", pickle.toString());
        CliRunner fromTraces = CliRunner.run("eval-neuronio", "--model", model.toString(), "--traces", npz.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, fromTraces.exitCode, fromTraces.err);
        org.junit.jupiter.api.Assertions.assertEquals(fromPickle.out, fromTraces.out);
    }
}
