package io.elmkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command running in this JVM on its own thread, its stderr captured and readable while it runs
 * (for the live view's URL). {@link #close()} waits for it and puts System.err back.
 */
public final class BackgroundRun implements AutoCloseable {
    private static final Pattern LIVE_VIEW_URL = Pattern.compile("live view: (http://\\S+/)");
    private static final long WAIT_S = 60;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream oldErr = System.err;
    private final Thread thread;
    private volatile int exitCode = -1;

    private BackgroundRun(IntSupplier command) {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        thread = new Thread(() -> exitCode = command.getAsInt(), "background-run");
        thread.start();
    }

    /** Starts {@code command} (build the command line inside it: it then writes to the captured stderr). */
    public static BackgroundRun start(IntSupplier command) {
        return new BackgroundRun(command);
    }

    /** What the command has written to stderr so far. */
    public String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** The URL of the live view the command prints ("live view: http://..."), waiting up to 30 s for it. */
    public URI liveViewUrl() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = LIVE_VIEW_URL.matcher(err());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            assertTrue(thread.isAlive(), "the run ended without a URL: " + err());
            Thread.sleep(20);
        }
        throw new AssertionError("no URL printed: " + err());
    }

    /** Waits (up to 60 s) for the command to end. */
    public void await() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        assertFalse(thread.isAlive(), "the run did not end");
    }

    /** The command's exit code; -1 while it runs. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            System.setErr(oldErr);
        }
    }
}
