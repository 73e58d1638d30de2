package io.elmkit.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * What an in-process run of a command printed: its exit code, stdout and stderr. The CLI tests of
 * cli, pipeline-cli and pipeline-flink run {@code elmkit} this way.
 */
public record CapturedRun(int exitCode, String out, String err) {

    /**
     * Runs {@code command} with {@link System#out} and {@link System#err} swapped for buffers (and put
     * back afterwards). Build the command line inside {@code command}: picocli subcommands write to
     * System.err as it is when they are created.
     */
    public static CapturedRun of(IntSupplier command) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = command.getAsInt();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CapturedRun(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}
