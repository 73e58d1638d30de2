package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * The contract every reader keeps on a hostile file (truncated, forged, oversized, a bomb): the
 * command ends, quickly and without running out of memory or stack, with exit code 1 and one line
 * {@code <command>: error: <file>: <field>: <expected/found>} naming the file, followed only by the
 * ELMKIT_DEBUG hint; no stack trace and no raw JDK message ("For input string", "Index 9 out of
 * bounds", ...). Hostile-corpus tests build their files in code (no binary blobs) and call this.
 */
final class HostileInput {
    /** Raw low-level messages that must never reach a user unexplained. */
    private static final List<Pattern> RAW = List.of(
        Pattern.compile("For input string"),
        Pattern.compile("Input length = \\d"),
        Pattern.compile("bitIndex"),
        Pattern.compile("out of bounds for length"),
        Pattern.compile("arraycopy"),
        Pattern.compile("Unexpected end of ZLIB"),
        Pattern.compile("\\bjava\\.(lang|util|io|nio)\\.[A-Z]"),
        Pattern.compile("Exception\\b(?!:)"),
        Pattern.compile("\\bat [a-z]+\\.[a-z]+\\.[A-Za-z.$]+\\("),
        Pattern.compile("OutOfMemoryError|StackOverflowError"),
        Pattern.compile("cannot unpickle \\(")
    );

    private HostileInput() {
    }

    /**
     * Runs {@code elmkit args...} and asserts the one-line error naming {@code file}; returns that line.
     * {@code mentions} are further substrings the line must hold (a field name, an expected value).
     */
    static String assertOneLineError(Path file, String[] args, String... mentions) {
        CliRunner r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRunner.run(args),
            () -> "elmkit " + String.join(" ", args) + " did not end within 60 s");
        String context = "elmkit " + String.join(" ", args) + "\nstdout: " + r.out + "\nstderr: " + r.err;
        assertEquals(1, r.exitCode, context);
        List<String> lines = Arrays.stream(r.err.split("\\R")).filter(l -> !l.isBlank())
            .filter(l -> !l.startsWith("(set ELMKIT_DEBUG=1")).toList();
        assertEquals(1, lines.size(), "one error line expected\n" + context);
        String line = lines.get(0);
        assertTrue(line.contains(": error: "), context);
        assertTrue(line.contains(file.getFileName().toString()), "the error names the file\n" + context);
        for (Pattern p : RAW) {
            assertFalse(p.matcher(line).find(), "raw low-level message (" + p + ")\n" + context);
        }
        for (String m : mentions) {
            assertTrue(line.contains(m), "the error mentions '" + m + "'\n" + context);
        }
        return line;
    }
}
