package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's own log in `elmkit flink` (PipelineLog): a job that fails for a reason Flink only logs names
 * that reason and the log file in its one error line; the file holds Flink's warnings.
 */
class FlinkLogTest {
    @Test
    void aCheckpointFailureNamesItsCauseAndTheLog(@TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-plain");
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        Path log = tmp.resolve("flink.log");
        // Last session's failure: the command's own MiniCluster with its checkpoints in memory (5 MB at most),
        // 6 streams x 8,000 neurons (9.4 MB of state): every checkpoint fails, then the job.
        FlinkCommand command = new FlinkCommand();
        command.localCheckpointsOnDisk = false;
        String[] r = FlinkRun.of(command, "--model", g.dir.toString(), "--input", in.toString(),
            "--output", tmp.resolve("out.npz").toString(), "--parallelism", "1", "--neurons", "8000", "--checkpoint-ms", "100",
            "--log", log.toString());
        assertEquals("1", r[0], r[1]);
        String error = r[1].lines().filter(l -> l.startsWith("flink: error: ")).findFirst().orElseThrow();
        assertTrue(error.contains("Size of the state is larger than the maximum permitted memory-backed state"), error);
        assertTrue(error.endsWith("; log: " + log.toAbsolutePath()), error);
        assertFalse(error.contains("Checkpoint History tab"), error);
        String logged = Files.readString(log);
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
}
