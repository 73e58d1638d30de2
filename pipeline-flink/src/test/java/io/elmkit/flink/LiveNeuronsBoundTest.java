package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npz;
import io.elmkit.testsupport.GoldenElmCases;
import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `elmkit flink --max-live-neurons`: with room for one stream's neurons per task, every other stream's
 * stepper is written back to keyed state and dropped whenever another stream steps, and loaded again
 * at its next step; outputs still equal `elmkit predict` bit for bit (with checkpoints in between too).
 * Skipping the write-back makes every multi-stream case fail (the reloaded neurons start from an old state).
 */
class LiveNeuronsBoundTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    @GoldenElmCases
    void oneLiveStreamPerTaskEqualsPredict(String name, @TempDir Path tmp) throws Exception {
        Golden g = Golden.load(name);
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        for (int p : new int[] {1, 2}) {
            Path out = tmp.resolve("out" + p + ".npz");
            String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", in.toString(),
                "--output", out.toString(), "--parallelism", Integer.toString(p), "--neurons", "3",
                "--max-live-neurons", "1", "--checkpoint-ms", p == 2 ? "50" : "0");
            assertEquals("0", r[0], r[1]);
            try (Npz.NpzFile z = Npz.NpzFile.open(out)) {
                assertArrayEquals(g.predicted, z.get("output").toFloatArray(), name + " at parallelism " + p);
            }
        }
    }

    @Test
    void theBoundIsWholeStreamsAndTheDefaultAShareOfTheHeap() {
        assertEquals(1, LiveSteppers.keys(1, 3, 24, 1), "at least one stream");
        assertEquals(33, LiveSteppers.keys(100, 3, 24, 1));
        long heapShare = Runtime.getRuntime().maxMemory() / LiveSteppers.HEAP_SHARE_DIVISOR;
        assertEquals(heapShare / LiveSteppers.bytesPerKey(100, 30), LiveSteppers.keys(0, 100, 30, 1));
        assertEquals(heapShare / 4 / LiveSteppers.bytesPerKey(100, 30), LiveSteppers.keys(0, 100, 30, 4));
        assertTrue(LiveSteppers.bytesPerKey(100, 30) >= 97_000, "at least what 100 neurons of num_memory_10 measured");
    }
}
