package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.npy.Npz;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code elmkit run} equals {@code elmkit predict}, through files and journals, and refuses bad input clearly. */
class RunCommandTest {

    /** A small NeuronIO-shaped model (32 inputs, d_o 2), saved as {@code tmp/model}. */
    static Path saveSmallModel(Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(32, 2).numMemory(4).numBranch(4).numSynapsePerBranch(8)
            .build(), 3), dir);
        return dir;
    }

    static float[] outputOf(Path npz) throws Exception {
        try (Npz.NpzFile z = Npz.NpzFile.open(npz)) {
            return z.get("output").toFloatArray();
        }
    }

    @GoldenElmCases
    void runEqualsPredictOnTheGoldenModels(String name, @TempDir Path tmp) throws Exception {
        Path dir = ReferenceData.goldenElm(name);
        Path events = tmp.resolve("in.npz");
        assertEquals(0, CliRunner.run("convert", dir.resolve("input.npy").toString(), events.toString()).exitCode);
        assertEquals(0, CliRunner.run("predict", "--model", dir.toString(), "--input", dir.resolve("input.npy").toString(),
            "--output", tmp.resolve("p.npy").toString()).exitCode);
        float[] predicted = Npy.read(tmp.resolve("p.npy")).toFloatArray();
        for (String threads : new String[] {"1", "2"}) {
            Path out = tmp.resolve("run" + threads + ".npz");
            CliRunner r = CliRunner.run("run", "--model", dir.toString(), "--input", events.toString(), "--output",
                out.toString(), "--threads", threads, "--neurons", "2");
            assertEquals(0, r.exitCode, r.err);
            assertTrue(r.err.contains("real-time factor"), r.err);
            assertArrayEquals(predicted, outputOf(out), name + ": run with " + threads + " threads vs predict");
            int[] shape = Npz.read(out).get("output").shape();
            assertArrayEquals(Npy.read(tmp.resolve("p.npy")).shape(), shape);
        }
        // Through a journal: events -> journal -> run -> journal of outputs -> events.
        Path journal = tmp.resolve("journal");
        CliRunner toJournal = CliRunner.run("convert", events.toString(), journal.toString());
        assertEquals(0, toJournal.exitCode, toJournal.err);
        Path outJournal = tmp.resolve("outjournal");
        CliRunner r = CliRunner.run("run", "--model", dir.toString(), "--input", journal.toString(), "--output",
            outJournal.toString());
        assertEquals(0, r.exitCode, r.err);
        Path back = tmp.resolve("back.npz");
        CliRunner fromJournal = CliRunner.run("convert", outJournal.toString(), back.toString());
        assertEquals(0, fromJournal.exitCode, fromJournal.err);
        EventsFile outputs = EventsFile.read(back);
        int dO = (int) outputs.numChannels;
        float[] dense = new float[predicted.length];
        for (int i = 0; i < outputs.size(); i++) {
            dense[(int) ((outputs.sample[i] * outputs.numSteps + outputs.step[i]) * dO + outputs.channel[i])] = outputs.value[i];
        }
        assertArrayEquals(predicted, dense, name + ": outputs through journals");
    }

    @Test
    void spikesAreRecordedWithAThreshold(@TempDir Path tmp) throws Exception {
        Path dir = saveSmallModel(tmp);
        EventsFile events = EventsFile.fromDense(PoissonRaster.dense(1, 2, 50, 32, 3.0, 1.0), 2, 50, 32, 1.0);
        events.write(tmp.resolve("in.npz"));
        CliRunner r = CliRunner.run("run", "--model", dir.toString(), "--input", tmp.resolve("in.npz").toString(),
            "--output", tmp.resolve("out.npz").toString(), "--spike-threshold", "0.0", "--refractory-steps", "9",
            "--idle", "sleep", "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        NdArray spikes = Npz.read(tmp.resolve("out.npz")).get("spikes");
        // Threshold 0 fires whenever allowed: steps 0, 10, 20, 30, 40 for each of the 2 samples.
        assertArrayEquals(new int[] {10, 3}, spikes.shape());
        long[] rows = spikes.toLongArray();
        assertEquals(0, rows[0]);
        assertEquals(0, rows[1]);
        assertEquals(1, rows[3]); // sample 1 spikes at step 0 too
        assertEquals(10, rows[7]);
    }

    @Test
    void aModelThatDoesNotFitTheInputIsAOneLineError(@TempDir Path tmp) throws Exception {
        Path dir = saveSmallModel(tmp);
        EventsFile.fromDense(new float[20 * 16], 1, 20, 16, 1.0).write(tmp.resolve("in.npz"));
        CliRunner r = CliRunner.run("run", "--model", dir.toString(), "--input", tmp.resolve("in.npz").toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.err.contains("in.npz") && r.err.contains("num_channels is 16") && r.err.contains("num_input = 32"),
            r.err);
        assertTrue(r.err.lines().findFirst().orElse("").contains("num_input = 32"), "one line says it all: " + r.err);
        CliRunner missing = CliRunner.run("run", "--model", dir.toString(), "--input", tmp.resolve("nope.npz").toString());
        assertTrue(missing.exitCode != 0 && missing.err.contains("nope.npz"), missing.err);
    }
}
