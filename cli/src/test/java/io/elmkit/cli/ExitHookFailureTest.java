package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's handler of uncaught throwables ({@link ElmkitCommand#uncaughtHandler}) in a JVM of its
 * own, as {@code elmkit} runs: an Error in a worker thread still ends the run with the one line and
 * status 1; an Error in an exit hook after the command ended (Pekko's hook after a Flink MiniCluster run,
 * seen here as a JVM that hung after "done") no longer calls System.exit from the hook, which blocked
 * forever.
 */
class ExitHookFailureTest {
    @TempDir
    Path tmp;

    @Test
    void anErrorInAnExitHookLetsTheJvmExitWithTheCommandsStatus() throws Exception {
        String[] r = own(ExitingWithAFailingHook.class);
        assertEquals("0", r[0], "exit status; stderr:\n" + r[1]);
        assertTrue(r[1].contains("exiting"), r[1]);
        assertFalse(r[1].contains("error"), "nothing reported after the command ended:\n" + r[1]);
    }

    @Test
    void anErrorInAWorkerThreadStillEndsTheRunWithOneLine() throws Exception {
        String[] r = own(WorkerDyingOfAnError.class);
        assertEquals("1", r[0], "exit status; stderr:\n" + r[1]);
        assertTrue(r[1].contains("error: internal error (NoClassDefFoundError): org/example/Gone"), r[1]);
    }

    /** Runs {@code main} of {@code type} in a JVM of its own: exit status and stderr; fails after 60 s. */
    private String[] own(Class<?> type) throws Exception {
        Path etc = Path.of(System.getProperty("elmkit.root"), "etc");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + etc.resolve("jvm.options"), "-cp", System.getProperty("java.class.path"), type.getName()));
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().remove("ELMKIT_DEBUG");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit in 60 s; stderr:\n" + Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
        return new String[] {Integer.toString(p.exitValue()), Files.readString(err)};
    }

    /** Installs the launcher's handler, then exits while an exit hook throws an Error. */
    public static final class ExitingWithAFailingHook {
        public static void main(String[] args) {
            Thread.setDefaultUncaughtExceptionHandler(ElmkitCommand.uncaughtHandler(new CommandLine(new ElmkitCommand())));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                throw new NoClassDefFoundError("org/example/GoneAtExit");
            }, "failing-exit-hook"));
            System.err.println("exiting");
            System.exit(0);
        }
    }

    /** Installs the launcher's handler; a worker thread dies of an Error while main waits for it. */
    public static final class WorkerDyingOfAnError {
        public static void main(String[] args) throws InterruptedException {
            Thread.setDefaultUncaughtExceptionHandler(ElmkitCommand.uncaughtHandler(new CommandLine(new ElmkitCommand())));
            Thread worker = new Thread(() -> {
                throw new NoClassDefFoundError("org/example/Gone");
            }, "worker");
            worker.start();
            Thread.sleep(60_000);
        }
    }
}
