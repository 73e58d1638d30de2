package io.elmkit.cli.python;

import io.elmkit.cli.ElmkitCommand;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs an {@code elmkit} command in this JVM for Python ({@code elmkit.cli}, {@code fit_neuronio},
 * {@code train}): standard output is collected and returned, standard error (progress, reports)
 * goes line by line to a {@link Lines} listener (Python prints it where the user sees it: terminal
 * or notebook), and a failure is kept as the exception itself, so Python raises it with the CLI's
 * message. System.out and System.err are redirected for the duration of the call (the commands
 * print there), so run one command at a time.
 */
public final class InProcessCli {
    /** Receives standard error: one line at a time; {@code redraw} when it ended in a carriage return (progress in place). */
    public interface Lines {
        /** One line of standard error. */
        void onLine(String line, boolean redraw);
    }

    private int exitCode;
    private Exception failure;
    private String stdout = "";

    /** Runs {@code elmkit args...}; see {@link #exitCode()}, {@link #failure()}, {@link #stdout()}. */
    public static synchronized InProcessCli run(String[] args, Lines stderr) {
        InProcessCli result = new InProcessCli();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineStream err = new LineStream(stderr);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream newOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream newErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(newOut);
        System.setErr(newErr);
        try {
            CommandLine cli = ElmkitCommand.newCommandLine();
            cli.setOut(new PrintWriter(newOut, true));
            cli.setErr(new PrintWriter(newErr, true));
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                result.failure = e;
                return 1;
            });
            result.exitCode = cli.execute(args);
        } finally {
            newOut.flush();
            newErr.flush();
            err.flushLine(false);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        result.stdout = out.toString(StandardCharsets.UTF_8);
        return result;
    }

    /** 0 on success; 1 for a failure ({@link #failure()}); 2 for bad arguments (the message went to stderr). */
    public int exitCode() {
        return exitCode;
    }

    /** The exception a command failed with, or null. */
    public Exception failure() {
        return failure;
    }

    /** What the command printed on standard output. */
    public String stdout() {
        return stdout;
    }

    /** A print stream whose lines go to {@code lines} (for progress meters outside a command). */
    public static PrintStream printStream(Lines lines) {
        return new PrintStream(new LineStream(lines), true, StandardCharsets.UTF_8);
    }

    /** Bytes to lines (UTF-8), split at \n and \r. */
    static final class LineStream extends OutputStream {
        private final Lines lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(Lines lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n' || b == '\r') {
                flushLine(b == '\r');
            } else {
                line.write(b);
            }
        }

        synchronized void flushLine(boolean redraw) {
            if (line.size() == 0 && !redraw) {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (lines != null) {
                lines.onLine(text, redraw);
            }
        }
    }
}
