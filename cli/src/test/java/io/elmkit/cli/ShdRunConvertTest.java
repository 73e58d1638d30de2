package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.npy.Npz;
import io.elmkit.io.shd.ShdFlatWriter;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} and {@code convert} read SHD files one way: the duration from the data (a 2 s pair
 * keeps its second digit) unless {@code --duration-ms}, the step from the model's delta_t; and both
 * read the {@code .npz} of {@code shd-adding}.
 */
class ShdRunConvertTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path pairsH5;

    /** Samples of up to 2.23 s (like shd-adding --h5 pairs): 700 channels, labels 0..19. */
    static ShdSamples samples(int n, double maxSeconds, long seed) {
        Random r = new Random(seed);
        float[][] times = new float[n][];
        int[][] units = new int[n][];
        for (int i = 0; i < n; i++) {
            int spikes = 50 + r.nextInt(50);
            times[i] = new float[spikes];
            units[i] = new int[spikes];
            for (int s = 0; s < spikes; s++) {
                times[i][s] = (float) (maxSeconds * s / spikes);
                units[i][s] = r.nextInt(700);
            }
        }
        times[0][times[0].length - 1] = (float) maxSeconds; // the latest spike of the file
        return new ShdSamples() {
            public int size() {
                return n;
            }

            public int numChannels() {
                return 700;
            }

            public int label(int index) {
                return index % 20;
            }

            public float[] timesSeconds(int index) {
                return times[index].clone();
            }

            public int[] units(int index) {
                return units[index].clone();
            }

            public String source() {
                return "test samples";
            }
        };
    }

    @BeforeAll
    static void files() throws Exception {
        model = dir.resolve("model10ms");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(700, 19).numMemory(4).numBranch(7).numSynapsePerBranch(100)
            .deltaTMs(10).build(), 1), model);
        pairsH5 = dir.resolve("pairs.h5");
        ShdFlatWriter.write(samples(3, 2.23, 1), pairsH5);
    }

    @Test
    void runAndConvertGiveTheSameStepsAndKeepTheSecondDigit() throws Exception {
        Path converted = dir.resolve("converted.npz");
        CliRunner c = CliRunner.run("convert", pairsH5.toString(), converted.toString(), "--dt-ms", "10");
        assertEquals(0, c.exitCode, c.err);
        EventsFile events = EventsFile.read(converted);
        assertEquals(224, events.numSteps, "2.23 s at 10 ms: steps 0..223");

        Path out = dir.resolve("out.npz");
        CliRunner r = CliRunner.run("run", "--model", model.toString(), "--input", pairsH5.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.err.contains("224 steps of 10.000 ms"), "steps at the model's delta_t, every spike kept:\n" + r.err);
        try (Npz.NpzFile z = Npz.NpzFile.open(out)) {
            assertArrayEquals(new int[] {3, 224, 19}, z.get("output").shape());
        }
        // The progress line and the summary agree on the simulated time at the end.
        assertTrue(r.err.contains("2240 ms simulated"), r.err);
        assertTrue(r.err.contains("done: 224 steps (2240.0 ms simulated)"), r.err);

        // The reference's 1 s cut, on request, in both.
        CliRunner cut = CliRunner.run("run", "--model", model.toString(), "--input", pairsH5.toString(), "--duration-ms", "1000");
        assertEquals(0, cut.exitCode, cut.err);
        assertTrue(cut.err.contains("100 steps of 10.000 ms"), cut.err);
        Path cutEvents = dir.resolve("cut.npz");
        assertEquals(0, CliRunner.run("convert", pairsH5.toString(), cutEvents.toString(), "--dt-ms", "10", "--duration-ms",
            "1000").exitCode);
        assertEquals(100, EventsFile.read(cutEvents).numSteps);
    }

    @Test
    void aDtThatContradictsTheModelIsAnErrorNamingBoth() {
        String line = HostileInput.assertOneLineError(model, new String[] {"run", "--model", model.toString(), "--input",
            pairsH5.toString(), "--dt-ms", "1"}, "--dt-ms 1", "delta_t = 10 ms");
        assertTrue(line.startsWith("run: error: "), line);
        assertEquals(0, CliRunner.run("run", "--model", model.toString(), "--input", pairsH5.toString(), "--dt-ms", "10")
            .exitCode, "the model's own delta_t is accepted");
    }

    @Test
    void runAndConvertReadTheNpzOfShdAdding() throws Exception {
        Path source = dir.resolve("source.h5");
        ShdFlatWriter.write(samples(20, 0.9, 2), source);
        Path pairs = dir.resolve("pairs10.npz");
        CliRunner g = CliRunner.run("shd-adding", "--shd", source.toString(), "--out", pairs.toString(), "--bin-ms", "10",
            "--pairs", "8", "--threads", "1");
        assertEquals(0, g.exitCode, g.err);

        Path out = dir.resolve("pairs-out.npz");
        CliRunner r = CliRunner.run("run", "--model", model.toString(), "--input", pairs.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.err.contains("200 steps of 10.000 ms"), r.err);

        // convert gives the same pairs as an events file, which runs to the same outputs
        Path events = dir.resolve("pairs-events.npz");
        assertEquals(0, CliRunner.run("convert", pairs.toString(), events.toString()).exitCode);
        EventsFile e = EventsFile.read(events);
        assertEquals(8, e.numSamples());
        assertEquals(200, e.numSteps);
        assertEquals(10.0, e.dtMs);
        Path out2 = dir.resolve("events-out.npz");
        assertEquals(0, CliRunner.run("run", "--model", model.toString(), "--input", events.toString(), "--output",
            out2.toString()).exitCode);
        assertArrayEquals(RunCommandTest.outputOf(out), RunCommandTest.outputOf(out2));

        // pairs binned at another step than the model's are refused, naming both
        Path pairs2 = dir.resolve("pairs2.npz");
        assertEquals(0, CliRunner.run("shd-adding", "--shd", source.toString(), "--out", pairs2.toString(), "--pairs", "8",
            "--threads", "1").exitCode);
        HostileInput.assertOneLineError(pairs2, new String[] {"run", "--model", model.toString(), "--input", pairs2.toString()},
            "bin_ms", "delta_t = 10 ms", "found 2 ms");
    }
}
