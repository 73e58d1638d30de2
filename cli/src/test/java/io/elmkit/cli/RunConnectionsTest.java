package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.sim.network.NetworkFile;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code elmkit run --connections}: a spike reaches its target exactly delay_steps later; bad files are one-line errors. */
class RunConnectionsTest {
    private static final int STREAMS = 3;
    private static final int STEPS = 60;
    private static final int OUTPUTS = 2;

    @TempDir static Path tmp;
    static Path model;
    static Path input;

    @BeforeAll
    static void files() throws Exception {
        model = RunCommandTest.saveSmallModel(tmp);
        input = tmp.resolve("in.npz");
        EventsFile.fromDense(PoissonRaster.dense(7, STREAMS, STEPS, 32, 0.05, 1.0), STREAMS, STEPS, 32, 1.0).write(input);
    }

    private static CliRunner run(Path out, String... extra) {
        String[] base = {"run", "--model", model.toString(), "--input", input.toString(), "--output", out.toString(),
            "--neurons", "2", "--spike-threshold", "0.5", "--refractory-steps", "2"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    private static long firstSpike(long[] rows, int stream, int neuron) {
        for (int i = 0; i < rows.length; i += 3) {
            if (rows[i] == stream && rows[i + 2] == neuron) {
                return rows[i + 1];
            }
        }
        return -1;
    }

    @Test
    void aSpikeChangesItsTargetExactlyDelayStepsLater() throws Exception {
        Path plain = tmp.resolve("plain.npz");
        CliRunner base = run(plain);
        assertEquals(0, base.exitCode, base.err);
        Map<String, NdArray> without = Npz.read(plain);
        long[] spikes = without.get("spikes").toLongArray();
        long s0 = firstSpike(spikes, 0, 0);
        assertTrue(s0 >= 0 && s0 + 3 < STEPS, "neuron 0 of stream 0 must spike early enough, first spike: " + s0);

        Path net = tmp.resolve("net.npz");
        // Neuron 0 of stream 0 -> neuron 0 of stream 1, input 5, weight 30, 3 steps later.
        NetworkFile.write(net, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {0}, new int[] {5},
            new float[] {30f}, new int[] {3});
        Path connected = tmp.resolve("connected.npz");
        CliRunner r = run(connected, "--connections", net.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.err.contains("connections: 1 (1 between streams)"), r.err);
        float[] a = without.get("output").toFloatArray();
        float[] b = Npz.read(connected).get("output").toFloatArray();
        for (int s = 0; s < STREAMS; s++) {
            for (int t = 0; t < STEPS; t++) {
                int at = (s * STEPS + t) * OUTPUTS;
                boolean same = Float.floatToRawIntBits(a[at]) == Float.floatToRawIntBits(b[at]);
                boolean reached = s == 1 && t >= s0 + 3;
                if (!reached) {
                    assertTrue(same, "stream " + s + " step " + t + " changed before the spike could arrive");
                } else if (t == s0 + 3) {
                    assertTrue(!same, "stream 1 step " + t + ": the spike of step " + s0 + " should arrive here");
                }
            }
        }
        assertNotEquals(Npz.read(connected).get("spikes"), without.get("spikes"), "no later spike changed");
    }

    @Test
    void connectionsNeedASpikeRule() throws Exception {
        Path net = tmp.resolve("rule.npz");
        NetworkFile.write(net, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {0}, new int[] {5},
            new float[] {1f}, new int[] {1});
        CliRunner r = CliRunner.run("run", "--model", model.toString(), "--input", input.toString(), "--connections",
            net.toString());
        assertEquals(1, r.exitCode, r.err);
        assertTrue(firstLine(r).contains("--spike-threshold"), r.err);
    }

    @Test
    void badConnectionFilesAreOneLineErrors() throws Exception {
        int[] one = {0};
        expectError("neuron.npz", arrays(one, new int[] {2}, one, one, one, new float[] {1f}, new int[] {1}),
            "from_neuron[0]: expected 0 .. 1 (--neurons 2), found 2");
        expectError("stream.npz", arrays(one, one, new int[] {3}, one, one, new float[] {1f}, new int[] {1}),
            "to_stream[0]: expected 0 .. 2 (the input has 3 streams), found 3");
        expectError("delay.npz", arrays(one, one, one, one, one, new float[] {1f}, new int[] {0}),
            "delay_steps[0]: expected 1 .. 65536, found 0");
        expectError("nan.npz", arrays(one, one, one, one, one, new float[] {Float.NaN}, new int[] {1}),
            "weight[0]: expected a finite number (as float32), found NaN");
        expectError("channel.npz", arrays(one, one, one, one, new int[] {32}, new float[] {1f}, new int[] {1}),
            "channel[0]: expected 0 .. 31 (the model's num_input is 32), found 32");
        Map<String, NdArray> shorter = arrays(new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 1},
            new int[] {0}, new float[] {1f, 1f}, new int[] {1, 1});
        expectError("length.npz", shorter, "channel: expected 2 values (as many as from_stream), found 1");
        Map<String, NdArray> floats = arrays(one, one, one, one, one, new float[] {1f}, new int[] {1});
        floats.put("delay_steps", NdArray.ofFloats(new float[] {1f}, 1));
        expectError("dtype.npz", floats, "delay_steps: expected int32 or int64, found float32");
        Map<String, NdArray> typo = arrays(one, one, one, one, one, new float[] {1f}, new int[] {1});
        typo.put("delays", NdArray.ofInts(new int[] {1}, 1));
        expectError("typo.npz", typo, "delays: expected only the arrays");
    }

    /** The error line (a second line only says how to see the stack trace). */
    private static String firstLine(CliRunner r) {
        return r.err.lines().findFirst().orElse("");
    }

    private static Map<String, NdArray> arrays(int[] fromStream, int[] fromNeuron, int[] toStream, int[] toNeuron,
                                               int[] channel, float[] weight, int[] delay) {
        return NetworkFile.arrays(fromStream, fromNeuron, toStream, toNeuron, channel, weight, delay);
    }

    private static void expectError(String name, Map<String, NdArray> arrays, String expected) throws Exception {
        Path file = tmp.resolve(name);
        Npz.write(file, arrays);
        CliRunner r = run(tmp.resolve("never.npz"), "--connections", file.toString());
        assertEquals(1, r.exitCode, r.err);
        assertTrue(firstLine(r).contains(file + ": " + expected), "expected '" + file + ": " + expected + "' in: " + r.err);
    }
}
