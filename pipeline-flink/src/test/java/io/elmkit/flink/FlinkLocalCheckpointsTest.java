package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `elmkit flink` on its own MiniCluster (no test cluster: the command makes a local one) with checkpoints
 * and a state over the 5 MB that memory-backed checkpoints allow (6 streams x 8,000 neurons): it
 * completes, equals `elmkit predict` bit for bit, and leaves no checkpoint directory behind.
 */
class FlinkLocalCheckpointsTest {
    @Test
    void aStateOverFiveMegabytesIsCheckpointedOnTheLocalDisk(@TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-plain");
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        Path out = tmp.resolve("out.npz");
        List<Path> before = checkpointDirs();
        String[] r = FlinkRun.of(new FlinkCommand(), "--model", g.dir.toString(), "--input", in.toString(),
            "--output", out.toString(), "--parallelism", "1", "--neurons", "8000", "--checkpoint-ms", "100");
        assertEquals("0", r[0], r[1]);
        try (Npz.NpzFile z = Npz.NpzFile.open(out)) {
            assertArrayEquals(g.predicted, z.get("output").toFloatArray());
        }
        List<Path> left = checkpointDirs();
        left.removeAll(before);
        assertTrue(left.isEmpty(), "checkpoint directories left behind: " + left);
    }

    private static List<Path> checkpointDirs() throws Exception {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new java.util.ArrayList<>(all.filter(p -> p.getFileName().toString().startsWith("elmkit-flink-checkpoints-"))
                .toList());
        }
    }
}
