package io.elmkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared by the download tests of spike-io, shd-adding and cli (etc/test-support is compiled into
 * every module's tests). A file server on 127.0.0.1 (a free port) for download tests: serves byte arrays by path, honours
 * or ignores {@code Range}, can drop the connection in the middle of a body, and records every
 * request (path and Range header) so tests can assert what the client asked for.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** One request as the server saw it. */
    public record Request(String method, String path, String range) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile long cutAfterBytes;
    private volatile boolean ignoreRange;
    private volatile long stallMs;

    public LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // A handler may stall: others are served meanwhile.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Serves {@code bytes} at {@code /name}. */
    public LocalHttpServer serve(String name, byte[] bytes) {
        files.put("/" + name, bytes);
        return this;
    }

    /** The next {@code times} bodies longer than {@code bytes} stop there and the connection is dropped. */
    public LocalHttpServer cutAfter(long bytes, int times) {
        cutAfterBytes = bytes;
        cutsLeft.set(times);
        return this;
    }

    /** A cut body waits {@code ms} before the connection is dropped (a stalled server). */
    public LocalHttpServer stallBeforeCut(long ms) {
        stallMs = ms;
        return this;
    }

    /** Answers every request with the whole file (200), as servers without resume support do. */
    public LocalHttpServer ignoreRange(boolean ignore) {
        ignoreRange = ignore;
        return this;
    }

    public URI uri(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    /** The base URL (without a trailing slash). */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** GET requests for {@code name}. */
    public List<Request> gets(String name) {
        return requests.stream().filter(r -> r.method().equals("GET") && r.path().equals("/" + name)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(exchange.getRequestMethod(), path, range));
        byte[] body = files.get(path);
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        int start = 0;
        int status = 200;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !ignoreRange) {
            long from = Long.parseLong(m.group(1));
            if (from >= body.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            start = (int) from;
            status = 206;
            exchange.getResponseHeaders().set("Content-Range",
                "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
        }
        int length = body.length - start;
        exchange.sendResponseHeaders(status, length);
        OutputStream out = exchange.getResponseBody();
        // Only bodies longer than the cut are cut (and counted): a short md5sums.txt passes whole.
        if (cutAfterBytes < length && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.write(body, start, (int) cutAfterBytes);
            out.flush();
            // Let the client read what was sent: the reset that follows may discard unread bytes.
            try {
                Thread.sleep(Math.max(200, stallMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Thrown from the handler: the server drops the connection with the body incomplete.
            throw new IOException("test server: connection cut after " + cutAfterBytes + " bytes");
        }
        out.write(body, start, length);
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A Range request from a byte in (0, cut]: the client keeps what it received, which can be less
     * than what the server sent before dropping the connection.
     */
    public static void assertResumedWithin(String range, long cut) {
        assertTrue(range != null && range.matches("bytes=\\d+-"), "a Range request: " + range);
        long from = Long.parseLong(range.substring(6, range.length() - 1));
        assertTrue(from > 0 && from <= cut, range);
    }
}
