package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** How the CLI ends on a failure: one error line for Errors too, unknown options named as unknown, exit 2. */
class CliErrorsTest {

    /** A test-only command that really runs out of heap or stack, or fails in a worker thread. */
    @Command(name = "fail")
    static final class FailCommand implements Callable<Integer> {
        @Option(names = "--how", required = true) String how;

        @Override
        public Integer call() throws Exception {
            switch (how) {
                case "heap":
                    // More than any test heap (-Xmx4g): a real OutOfMemoryError, nothing is allocated.
                    long[][] blocks = new long[64][];
                    for (int i = 0; i < blocks.length; i++) {
                        blocks[i] = new long[Integer.MAX_VALUE - 8];
                    }
                    return blocks.length;
                case "stack":
                    return recurse(0);
                case "worker": {
                    ExecutorService pool = Executors.newSingleThreadExecutor();
                    try {
                        return pool.submit(() -> recurse(0)).get();
                    } finally {
                        pool.shutdownNow();
                    }
                }
                case "assert":
                    throw new AssertionError("an invariant broke");
                case "io":
                    throw new IllegalStateException("publish to t: timed out", new java.io.IOException("timed out"));
                default:
                    return 0;
            }
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    private static final class Result {
        final int exitCode;
        final List<String> errLines;

        Result(int exitCode, String err) {
            this.exitCode = exitCode;
            this.errLines = Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
        }
    }

    private static Result run(CommandLine cli, String... args) {
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int code = cli.execute(args);
        return new Result(code, err.toString());
    }

    private static Result fail(String how) {
        CommandLine cli = ElmkitCommand.newCommandLine();
        cli.addSubcommand(new FailCommand());
        return run(cli, "fail", "--how", how);
    }

    private static void assertOneLine(Result r, String... mentions) {
        assertEquals(1, r.exitCode, r.errLines.toString());
        assertEquals(2, r.errLines.size(), "the error and the ELMKIT_DEBUG hint: " + r.errLines);
        String line = r.errLines.get(0);
        assertTrue(line.startsWith("fail: error: "), line);
        assertTrue(r.errLines.get(1).startsWith("(set ELMKIT_DEBUG=1"), r.errLines.toString());
        assertFalse(line.contains("java.lang."), line);
        for (String m : mentions) {
            assertTrue(line.contains(m), "'" + m + "' in " + line);
        }
    }

    @Test
    void outOfHeapSaysWhatRanOutAndHowToRaiseIt() {
        Result r = fail("heap");
        assertOneLine(r, "out of memory: the Java heap", "MiB", "ELMKIT_JAVA_OPTS=-Xmx");
    }

    @Test
    void stackOverflowIsOneLine() {
        assertOneLine(fail("stack"), "stack overflow", "ELMKIT_JAVA_OPTS=-Xss");
    }

    @Test
    void anErrorInAWorkerThreadIsDescribedAsTheErrorItself() {
        assertOneLine(fail("worker"), "stack overflow");
    }

    @Test
    void anErrorLineEndsWithTheSuffixAJvmErrorsLineDoesNot() {
        ErrorLineSuffix.set(() -> "; log: /tmp/x.log");
        try {
            Result r = fail("io");
            assertOneLine(r);
            assertEquals("fail: error: publish to t: timed out; log: /tmp/x.log", r.errLines.get(0));
            Result vm = fail("heap");
            assertOneLine(vm, "out of memory: the Java heap");
            assertFalse(vm.errLines.get(0).contains("x.log"), "JVM errors keep their own words: " + vm.errLines);
        } finally {
            ErrorLineSuffix.set(() -> "");
        }
    }

    @Test
    void anyOtherErrorIsAnInternalErrorWithItsMessage() {
        assertOneLine(fail("assert"), "internal error (AssertionError): an invariant broke");
    }

    @Test
    void aMistypedOptionIsReportedAsUnknownWithASuggestion() {
        Result r = run(ElmkitCommand.newCommandLine("info"), "info", "--modle", "x");
        assertEquals(2, r.exitCode);
        assertTrue(r.errLines.get(0).startsWith("info: error: Unknown option"), r.errLines.toString());
        assertTrue(r.errLines.get(0).contains("'--modle'"), r.errLines.toString());
        assertTrue(r.errLines.stream().anyMatch(l -> l.contains("--model") && !l.contains("--modle")),
            "picocli's suggestion: " + r.errLines);
        assertTrue(r.errLines.stream().noneMatch(l -> l.contains("Missing required")), r.errLines.toString());
    }

    @Test
    void aMistypedSubcommandGetsASuggestion() {
        Result r = run(ElmkitCommand.newCommandLine(), "trian");
        assertEquals(2, r.exitCode);
        assertTrue(r.errLines.stream().anyMatch(l -> l.contains("elmkit train")), r.errLines.toString());
    }

    @Test
    void everyCommandReportsAnUnknownOptionAsUnknownWithExitCode2() {
        List<String> failures = new ArrayList<>();
        for (List<String> path : commandPaths(ElmkitCommand.newCommandLine(), new ArrayList<>())) {
            List<String> args = new ArrayList<>(path);
            args.add("--no-such-option");
            // Built as main() builds it: only the named command is added.
            Result r = run(ElmkitCommand.newCommandLine(args.toArray(new String[0])), args.toArray(new String[0]));
            String first = r.errLines.isEmpty() ? "" : r.errLines.get(0);
            if (r.exitCode != 2 || !first.equals(String.join(" ", path.isEmpty() ? List.of("elmkit") : path)
                    + ": error: Unknown option: '--no-such-option'")) {
                failures.add(args + " -> " + r.exitCode + " " + r.errLines);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void aMissingRequiredOptionIsStillReported() {
        Result r = run(ElmkitCommand.newCommandLine(), "info");
        assertEquals(2, r.exitCode);
        assertEquals("info: error: Missing required option: '--model=DIR'", r.errLines.get(0));
    }

    /** The argument paths to every command and subcommand, the help command left out. */
    static List<List<String>> commandPaths(CommandLine cli, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        paths.add(prefix);
        cli.getSubcommands().forEach((name, sub) -> {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                paths.addAll(commandPaths(sub, p));
            }
        });
        return paths;
    }
}
