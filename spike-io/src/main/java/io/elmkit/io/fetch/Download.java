package io.elmkit.io.fetch;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.progress.ProgressMeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one file over HTTP(S) into a {@code .part} file, resuming what an earlier, interrupted
 * attempt left there with an HTTP {@code Range} request, and checks the md5 of the whole file.
 *
 * <p>Ownership: before the first byte, a marker {@code <part>.source} is written that names the URL and
 * the expected md5. A {@code .part} is resumed only when its marker names the same URL and md5, and it
 * is deleted (with its marker) only when a marker says we started it: a file of that name that we did
 * not create is reported, never touched. A server that ignores {@code Range} (status 200) makes the
 * download restart from byte 0; a lost connection is resumed up to {@code attempts} times.
 */
public final class Download {
    /** Attempts per file, counting the first (the rest resume where the previous one stopped). */
    public static final int DEFAULT_ATTEMPTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Time until the response headers arrive (a stalled body is not covered by the JDK's timeout). */
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final String MARKER_HEADER = "# elmkit download in progress (resumed by the next run)";

    /** A body that sends nothing for this long is dropped and resumed (the JDK has no read timeout). */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "elmkit-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient client;
    private final PrintStream log;
    private final int attempts;
    private final Duration retryPause;
    private final Duration stallTimeout;

    /**
     * @param client     the HTTP client ({@link #defaultClient()})
     * @param log        where progress and retries are reported (null: silent)
     * @param attempts   tries per file, at least 1
     * @param retryPause wait before resuming after a lost connection
     */
    public Download(HttpClient client, PrintStream log, int attempts, Duration retryPause) {
        this(client, log, attempts, retryPause, DEFAULT_STALL_TIMEOUT);
    }

    /** As above, dropping (and resuming) a body that sends nothing for {@code stallTimeout}. */
    public Download(HttpClient client, PrintStream log, int attempts, Duration retryPause, Duration stallTimeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: expected >= 1, found " + attempts);
        }
        this.client = client;
        this.log = log;
        this.attempts = attempts;
        this.retryPause = retryPause;
        this.stallTimeout = stallTimeout;
    }

    /** A client that follows redirects (never from HTTPS to HTTP) and gives up connecting after 30 s. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    }

    /** The marker beside {@code part} that says we started it, for which URL and md5. */
    public static Path markerOf(Path part) {
        return part.resolveSibling(part.getFileName() + ".source");
    }

    /**
     * A small text file (a checksum list), refused when it is larger than {@code maxBytes}.
     *
     * @throws IOException naming the URL on an HTTP error status, a network failure or an oversized body
     */
    public String text(URI uri, int maxBytes) throws IOException {
        HttpResponse<InputStream> response = send(uri, 0);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw statusError(uri, response.statusCode());
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new InputFormatException(uri.toString(), "size", "at most " + maxBytes + " bytes",
                    "more (this is not a checksum list)");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Downloads {@code uri} into {@code part}, resuming the bytes an earlier attempt left there, and
     * checks that the whole file has md5 {@code expectedMd5}. On success {@code part} holds the file
     * (the caller moves or reads it, then calls {@link #discard(Path)}). A connection lost in the middle
     * is resumed up to the number of attempts; after the last, {@code part} is kept for the next run.
     *
     * @return the file's size in bytes
     * @throws InputFormatException when the md5 differs (the part and its marker are then deleted) or
     *                              when {@code part} exists and was not started by us for this URL
     * @throws IOException          naming the URL on an HTTP error status or a download that kept failing
     */
    public long toPart(URI uri, Path part, String expectedMd5) throws IOException {
        claim(uri, part, expectedMd5);
        try (FileChannel marker = FileChannel.open(markerOf(part), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             FileLock lock = tryLock(marker, part)) {
            assert lock.isValid(); // held, not used: it keeps a second run off this .part until we return
            return download(uri, part, expectedMd5);
        }
    }

    /** The marker's lock: two runs must not write one part (the second would corrupt the first). */
    private static FileLock tryLock(FileChannel marker, Path part) throws IOException {
        FileLock lock;
        try {
            lock = marker.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new FinalException(part + ": another download is writing it (elmkit fetch running twice?);"
                + " wait for it to end");
        }
        return lock;
    }

    private long download(URI uri, Path part, String expectedMd5) throws IOException {
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long offset = Files.size(part);
            long before = offset;
            boolean complete = false;
            try {
                complete = fetchOnce(uri, part, offset, expectedMd5);
                lastFailure = null;
            } catch (FinalException | InputFormatException e) {
                throw e;
            } catch (IOException e) {
                lastFailure = e;
            }
            if (complete) {
                return verify(uri, part, expectedMd5);
            }
            long after = Files.size(part);
            if (attempt < attempts) {
                say(String.format(Locale.ROOT, "%s: stopped with %d bytes here (%s); resuming (attempt %d of %d)",
                    uri, after, lastFailure == null ? "incomplete" : describe(lastFailure), attempt + 1, attempts));
                pause(after > before);
            }
        }
        // The cause is described in the message; chained, its own causes would add raw JDK messages.
        IOException error = new IOException(uri + ": download interrupted with " + Files.size(part) + " bytes here after "
            + attempts + " attempt(s) (" + (lastFailure == null ? "incomplete" : describe(lastFailure))
            + "); run again to resume from " + part.getFileName());
        if (lastFailure != null) {
            error.addSuppressed(lastFailure);
        }
        throw error;
    }

    /** Deletes {@code part} and its marker when the marker says we created them (after a successful use). */
    public static void discard(Path part) throws IOException {
        Path marker = markerOf(part);
        if (isOurMarker(marker)) {
            Files.deleteIfExists(part);
            Files.delete(marker);
        }
    }

    /** Makes sure {@code part} is ours for this URL and md5: resumes it, or starts it with a marker. */
    private static void claim(URI uri, Path part, String expectedMd5) throws IOException {
        Path marker = markerOf(part);
        String wanted = markerText(uri, expectedMd5);
        boolean partExists = Files.exists(part, LinkOption.NOFOLLOW_LINKS);
        boolean markerExists = Files.exists(marker, LinkOption.NOFOLLOW_LINKS);
        if (markerExists && !isOurMarker(marker)) {
            throw new InputFormatException(marker.toString(), "was not written by elmkit; move it away");
        }
        if (partExists && !Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputFormatException(part.toString(), "is not a regular file (a link or a directory); move it away");
        }
        if (partExists && !markerExists) {
            throw new InputFormatException(part.toString(),
                "exists and was not started by elmkit (no " + marker.getFileName() + "); move it away");
        }
        if (markerExists && !Files.readString(marker).equals(wanted)) {
            // Ours, for another URL or version of the file: its bytes are of no use for this one.
            Files.deleteIfExists(part);
            Files.delete(marker);
            markerExists = false;
            partExists = false;
        }
        if (!markerExists) {
            // The marker first: a crash between the two leaves a marker without a part, which is harmless.
            Files.writeString(marker, wanted, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        if (!partExists) {
            Files.createFile(part);
        }
    }

    private static String markerText(URI uri, String md5) {
        return MARKER_HEADER + "\nurl=" + uri + "\nmd5=" + md5 + "\n";
    }

    private static boolean isOurMarker(Path marker) throws IOException {
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > 4096) {
            return false;
        }
        return Files.readString(marker).startsWith(MARKER_HEADER + "\n");
    }

    /**
     * One request for the bytes from {@code offset}; appends them to {@code part}.
     *
     * @return true when the file is complete
     */
    private boolean fetchOnce(URI uri, Path part, long offset, String expectedMd5) throws IOException {
        HttpResponse<InputStream> response = send(uri, offset);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            long start;
            long total;
            if (status == 206 && offset > 0) {
                Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                    say(uri + ": the server answered the resume request with another range; restarting");
                    truncate(part);
                    return false;
                }
                start = offset;
                total = "*".equals(m.group(3)) ? -1 : Long.parseLong(m.group(3));
            } else if (status == 200) {
                if (offset > 0) {
                    say(uri + ": the server does not resume (it ignored the Range request); restarting from byte 0");
                }
                start = 0;
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else if (status == 416 && offset > 0) {
                // Nothing after offset: the part is the whole file, or longer than it (then start again).
                if (Md5.ofFile(part).equalsIgnoreCase(expectedMd5)) {
                    return true;
                }
                say(uri + ": the partial download does not fit the file on the server; restarting");
                truncate(part);
                return false;
            } else {
                throw statusError(uri, status);
            }
            long written = copy(body, part, start, total);
            return total < 0 || start + written == total;
        }
    }

    private HttpResponse<InputStream> send(URI uri, long offset) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(uri + ": interrupted", e);
        } catch (ConnectException e) {
            // The JDK's message is often empty or a class name (ClosedChannelException): not chained.
            FinalException error = new FinalException(uri + ": cannot connect to " + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + " (unknown host, connection refused or no network)");
            error.addSuppressed(e);
            throw error;
        } catch (HttpTimeoutException e) {
            IOException error = new IOException(uri + ": no answer within " + HEADERS_TIMEOUT.toSeconds() + " s");
            error.addSuppressed(e);
            throw error;
        } catch (IOException e) {
            IOException error = new IOException(uri + ": the connection failed (" + describe(e) + ")");
            error.addSuppressed(e);
            throw error;
        }
    }

    /** Writes the body at {@code start} of {@code part} (dropping anything after it) with progress. */
    private long copy(InputStream body, Path part, long start, long total) throws IOException {
        ProgressMeter progress = log == null
            ? ProgressMeter.silent("bytes", total < 0 ? 0 : total - start)
            : ProgressMeter.start("bytes", total < 0 ? 0 : total - start, log);
        if (start > 0) {
            progress.detail(String.format(Locale.ROOT, "resumed at %.1f MB", start / 1e6));
        }
        long written = 0;
        AtomicLong lastDataNanos = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long checkMs = Math.max(10, stallTimeout.toMillis() / 4);
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastDataNanos.get() > stallTimeout.toNanos() && !stalled.getAndSet(true)) {
                closeQuietly(body);
            }
        }, checkMs, checkMs, TimeUnit.MILLISECONDS);
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.truncate(start);
            out.position(start);
            byte[] buffer = new byte[1 << 16];
            ByteBuffer wrap = ByteBuffer.wrap(buffer);
            int n;
            while ((n = body.read(buffer)) > 0) {
                lastDataNanos.set(System.nanoTime());
                wrap.clear().limit(n);
                while (wrap.hasRemaining()) {
                    out.write(wrap);
                }
                written += n;
                progress.advance(n);
            }
            out.force(false);
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException("no data for " + stallTimeout.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
            if (written > 0) {
                progress.finish();
            }
        }
        if (stalled.get()) {
            throw new IOException("no data for " + stallTimeout.toSeconds() + " s");
        }
        return written;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the reader sees the stream closed, which is all we want
        }
    }

    private static long verify(URI uri, Path part, String expectedMd5) throws IOException {
        String found = Md5.ofFile(part);
        if (!found.equalsIgnoreCase(expectedMd5)) {
            long size = Files.size(part);
            discard(part);
            throw new InputFormatException(uri.toString(), "md5", expectedMd5,
                found + " over " + size + " bytes (the download was deleted; run again, or check the URL)");
        }
        return Files.size(part);
    }

    private static void truncate(Path part) throws IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.truncate(0);
        }
    }

    /** A server error (5xx) may pass and is retried; any other status is final. */
    private static IOException statusError(URI uri, int status) {
        String message = uri + ": HTTP status " + status + (status == 404 ? " (not found)" : "");
        return status >= 500 ? new IOException(message) : new FinalException(message);
    }

    private void pause(boolean progressed) {
        try {
            Thread.sleep(progressed ? retryPause.toMillis() : 2 * retryPause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void say(String line) {
        if (log != null) {
            log.println(line);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** An HTTP client error or a refused connection: final, not worth another attempt. */
    private static final class FinalException extends IOException {
        private static final long serialVersionUID = 1L;

        FinalException(String message) {
            super(message);
        }

    }
}
