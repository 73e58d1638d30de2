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

/** `elmkit flink`, events file in, outputs file out, equals `elmkit predict` bit for bit at parallelism 1, 2 and 4. */
class FlinkCommandTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    @GoldenElmCases
    void fileInFileOutEqualsPredict(String name, @TempDir Path tmp) throws Exception {
        Golden g = Golden.load(name);
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        for (int p : new int[] {1, 2, 4}) {
            Path out = tmp.resolve("out" + p + ".npz");
            String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", in.toString(),
                "--output", out.toString(), "--parallelism", Integer.toString(p), "--neurons", "3", "--checkpoint-ms", p == 2 ? "200" : "0");
            assertEquals("0", r[0], r[1]);
            assertTrue(r[1].contains("neuron-steps/s"), r[1]);
            try (Npz.NpzFile z = Npz.NpzFile.open(out)) {
                assertArrayEquals(new int[] {g.streams, g.steps, g.model.numOutput()}, z.get("output").shape());
                assertArrayEquals(g.predicted, z.get("output").toFloatArray(), name + " at parallelism " + p);
            }
        }
    }
}
