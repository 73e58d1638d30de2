package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * completes, equals `elmkit predict` bit for bit, and leaves no checkpoint directory behind. With the
 * checkpoints kept in memory (the fix switched off), every checkpoint fails and then the job: its one
 * error line names the cause Flink only logs, and the log file (PipelineLog), which holds Flink's warnings.
 */
class FlinkLocalCheckpointsTest {
    private static final Golden G = load();

    @Test
    void aStateOverFiveMegabytesIsCheckpointedOnTheLocalDisk(@TempDir Path tmp) throws Exception {
        List<String> before = checkpointDirs();
        String[] r = run(new FlinkCommand(), tmp);
        assertEquals("0", r[0], r[1]);
        try (Npz.NpzFile z = Npz.NpzFile.open(tmp.resolve("out.npz"))) {
            assertArrayEquals(G.predicted, z.get("output").toFloatArray());
        }
        List<String> left = checkpointDirs();
        left.removeAll(before);
        assertTrue(left.isEmpty(), "checkpoint directories left behind: " + left);
    }

    @Test
    void failedCheckpointsNameTheirCauseAndTheLog(@TempDir Path tmp) throws Exception {
        FlinkCommand command = new FlinkCommand();
        command.localCheckpointsOnDisk = false; // last session's failure: 9.4 MB of state, memory-backed checkpoints
        String[] r = run(command, tmp);
        assertEquals("1", r[0], r[1]);
        String error = r[1].lines().filter(l -> l.startsWith("flink: error: ")).findFirst().orElseThrow();
        assertTrue(error.contains("Size of the state is larger than the maximum permitted memory-backed state"), error);
        assertTrue(error.endsWith("; log: " + tmp.resolve("flink.log").toAbsolutePath()), error);
        assertFalse(error.contains("Checkpoint History tab"), error);
        String logged = Files.readString(tmp.resolve("flink.log"));
        assertTrue(logged.contains(" WARN  ") && logged.contains(FlinkErrors.FAILED_CHECKPOINT), logged);
        assertFalse(logged.contains(" INFO  "), "only warnings and errors by default");
        assertFalse(Files.exists(tmp.resolve("out.npz")));
    }

    @Test
    void aLogThatIsADirectoryIsAOneLineError(@TempDir Path tmp) {
        String[] r = FlinkRun.of(new FlinkCommand(), "--model", tmp.toString(), "--input", "x.npz", "--log", tmp.toString());
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].startsWith("flink: error: --log " + tmp + ": expected a file to append the log to, found a directory"),
            r[1]);
    }

    /** 6 streams x 8,000 neurons of synthetic-plain, checkpoints every 100 ms, into tmp/out.npz, logging to tmp/flink.log. */
    private static String[] run(FlinkCommand command, Path tmp) throws Exception {
        Path in = tmp.resolve("in.npz");
        G.events.write(in);
        return FlinkRun.of(command, "--model", G.dir.toString(), "--input", in.toString(), "--output",
            tmp.resolve("out.npz").toString(), "--parallelism", "1", "--neurons", "8000", "--checkpoint-ms", "100",
            "--log", tmp.resolve("flink.log").toString());
    }

    private static Golden load() {
        try {
            return Golden.load("synthetic-plain");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> checkpointDirs() throws Exception {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new java.util.ArrayList<>(all.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("elmkit-flink-checkpoints-")).toList());
        }
    }
}
