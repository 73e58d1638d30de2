package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npz;
import io.elmkit.testsupport.GoldenElmCases;
import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `elmkit flink`, events file in, outputs file out, equals `elmkit predict` bit for bit at parallelism 1, 2
 * and 4; and with one stream's neurons live per task (`--max-live-neurons 1`: every other stream's stepper
 * written back to keyed state and dropped whenever another stream steps, loaded again at its next step;
 * skipping the write-back fails every case).
 */
class FlinkCommandTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    @GoldenElmCases
    void fileInFileOutEqualsPredict(String name, @TempDir Path tmp) throws Exception {
        Golden g = Golden.load(name);
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        for (int run = 0; run < 5; run++) {
            int p = new int[] {1, 2, 4, 1, 2}[run];
            String maxLive = run < 3 ? "0" : "1"; // 0: the default bound (a share of the heap), 1: one stream live
            Path out = tmp.resolve("out" + run + ".npz");
            String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", in.toString(),
                "--output", out.toString(), "--parallelism", Integer.toString(p), "--neurons", "3", "--checkpoint-ms",
                p == 2 ? "50" : "0", "--max-live-neurons", maxLive);
            assertEquals("0", r[0], r[1]);
            assertTrue(r[1].contains("neuron-steps/s"), r[1]);
            try (Npz.NpzFile z = Npz.NpzFile.open(out)) {
                assertArrayEquals(new int[] {g.streams, g.steps, g.model.numOutput()}, z.get("output").shape());
                assertArrayEquals(g.predicted, z.get("output").toFloatArray(), name + " at parallelism " + p
                    + ", --max-live-neurons " + maxLive);
            }
        }
    }
}
