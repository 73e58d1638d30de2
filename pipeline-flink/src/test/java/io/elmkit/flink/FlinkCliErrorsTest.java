package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.cli.ElmkitCommand;
import io.elmkit.io.events.EventsFile;
import io.elmkit.testsupport.CapturedRun;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `elmkit flink` through the CLI's CommandProvider SPI: found by name, and bad input is one error line naming the file. */
class FlinkCliErrorsTest {

    /** Runs `elmkit args...` in this JVM; returns exit code and stderr. */
    static String[] elmkit(String... args) {
        CapturedRun r = CapturedRun.of(() -> ElmkitCommand.newCommandLine(args).execute(args));
        return new String[] {Integer.toString(r.exitCode()), r.err() + r.out()};
    }

    static void assertOneLineError(String[] r, String... mentions) {
        assertEquals("1", r[0], r[1]);
        List<String> lines = Arrays.stream(r[1].split("\\R")).filter(l -> !l.isBlank())
            .filter(l -> !l.startsWith("(set ELMKIT_DEBUG=1")).toList();
        assertEquals(1, lines.size(), "one error line expected: " + r[1]);
        assertTrue(lines.get(0).startsWith("flink: error: "), r[1]);
        assertFalse(lines.get(0).contains("Exception"), r[1]);
        for (String m : mentions) {
            assertTrue(lines.get(0).contains(m), "the error mentions '" + m + "': " + r[1]);
        }
    }

    @Test
    void theCommandIsFoundThroughTheSpi() {
        String[] r = elmkit("flink", "--help");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("MiniCluster") && r[1].contains("--checkpoint-ms"), r[1]);
    }

    @Test
    void badInputIsOneLineNamingTheFile(@TempDir Path tmp) throws Exception {
        Path dir = ReferenceData.goldenElm("synthetic-plain"); // 32 inputs
        Path wrong = tmp.resolve("sixteen.npz");
        EventsFile.fromDense(new float[20 * 16], 1, 20, 16, 1.0).write(wrong);
        assertOneLineError(elmkit("flink", "--model", dir.toString(), "--input", wrong.toString()),
            "sixteen.npz", "num_channels is 16", "num_input = 32");

        Path cut = tmp.resolve("cut.npz");
        Path whole = tmp.resolve("whole.npz");
        EventsFile.fromDense(new float[20 * 32], 1, 20, 32, 1.0).write(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(elmkit("flink", "--model", dir.toString(), "--input", cut.toString()), "cut.npz");

        assertOneLineError(elmkit("flink", "--model", dir.toString(), "--input", whole.toString(), "--output",
            tmp.resolve("x.npz").toString(), "--parallelism", "0"), "--parallelism");
    }
}
