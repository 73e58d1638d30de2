package io.elmkit.cli.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live view's web server (the JDK's built-in one): {@code /} the page (from the jar),
 * {@code /info} what can be picked, {@code /events} the frames as server-sent events, {@code /select}
 * the watched stream and neurons (one selection for all viewers).
 *
 * <p>One publisher thread builds a frame at most every {@link #FRAME_INTERVAL_MS} ms and hands the
 * same bytes to every client's mailbox, which holds only the newest frame: a client that has not
 * taken the previous one skips it, and one whose write has been stuck for {@link #STUCK_MS} ms is
 * dropped. Each client is written by its own thread, so neither the publisher nor the engine ever
 * waits on the network.
 */
public final class LiveServer implements AutoCloseable {
    static final int FRAME_INTERVAL_MS = 33;
    static final long STUCK_MS = 5_000;
    static final int MAX_CLIENTS = 16;
    private static final int HEARTBEAT_FRAMES = 30; // a frame at least every second, for the wall-clock figures

    private final HttpServer http;
    private final ExecutorService handlers;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Thread publisher;
    private final byte[] page;
    private volatile LiveRecorder recorder;
    private volatile FrameBuilder builder;
    private volatile String title = "elmkit";
    private volatile boolean closed;
    private final AtomicInteger framesSkipped = new AtomicInteger();

    private LiveServer(HttpServer http) throws IOException {
        this.http = http;
        try (InputStream in = LiveServer.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("live view: the page (io/elmkit/cli/live/index.html) is missing from the jar");
            }
            this.page = in.readAllBytes();
        }
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(MAX_CLIENTS + 4, r -> {
            Thread t = new Thread(r, "elmkit-live-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext("/", this::serve);
        this.publisher = new Thread(this::publish, "elmkit-live-publisher");
        publisher.setDaemon(true);
    }

    /**
     * Binds {@code address} (port 0: a free one) and starts serving; the page waits for a run until
     * {@link #attach}. A port in use is a one-line {@link IllegalArgumentException}.
     */
    public static LiveServer start(ServeAddress address) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
        } catch (BindException e) {
            String why = e.getMessage() != null && e.getMessage().contains("in use")
                ? "port " + address.port() + " is in use (pick another, or 0 for a free one)"
                : "cannot listen on " + address.host() + " (" + e.getMessage() + ")";
            throw new IllegalArgumentException("--serve " + address + ": " + why);
        } catch (java.net.SocketException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--serve " + address + ": cannot listen there (" + e.getMessage() + ")");
        }
        LiveServer s = new LiveServer(http);
        http.start();
        s.publisher.start();
        return s;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** Shows {@code rec}'s run from now on. */
    public void attach(LiveRecorder rec) {
        this.title = rec.topology.title();
        this.builder = new FrameBuilder(rec);
        this.recorder = rec;
    }

    /** Clients connected now. */
    public int clients() {
        return clients.size();
    }

    /** Frames a slow client did not take before the next one replaced it (all clients together). */
    public int framesSkipped() {
        return framesSkipped.get();
    }

    // ---- publisher thread ----

    private void publish() {
        long tick = 0;
        while (!closed) {
            try {
                Thread.sleep(FRAME_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            tick++;
            FrameBuilder b = builder;
            if (b == null || clients.isEmpty()) {
                continue; // nobody watching: nothing to build (a viewer that connects gets the last window)
            }
            long nowNanos = System.nanoTime();
            byte[] history = null;
            for (Client c : clients) {
                if (c.needsHistory) {
                    // A new viewer first gets the last window of steps (then the frames from here on).
                    history = history != null ? history : sse(b.history(nowNanos));
                    c.needsHistory = false;
                    c.offerHistory(history);
                }
            }
            String frame = b.build(nowNanos, tick % HEARTBEAT_FRAMES == 0);
            if (frame == null) {
                continue;
            }
            byte[] bytes = sse(frame);
            long now = System.currentTimeMillis();
            for (Client c : clients) {
                if (c.stuckSince(now) > STUCK_MS) {
                    c.drop(); // its thread is blocked in a write: closing the exchange frees it
                } else if (!c.offer(bytes)) {
                    framesSkipped.incrementAndGet();
                }
            }
        }
    }

    private static byte[] sse(String frame) {
        return ("event: frame\ndata: " + frame + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---- HTTP threads ----

    private void serve(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/":
                case "/index.html":
                    respond(ex, 200, "text/html; charset=utf-8", page);
                    break;
                case "/info":
                    respond(ex, 200, "application/json", info().getBytes(StandardCharsets.UTF_8));
                    break;
                case "/select":
                    select(ex);
                    break;
                case "/events":
                    stream(ex);
                    break;
                default:
                    respond(ex, 404, "text/plain; charset=utf-8", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            ex.close();
        }
    }

    private String info() {
        LiveRecorder rec = recorder;
        StringBuilder b = new StringBuilder("{\"title\":");
        FrameBuilder.string(b, title);
        if (rec == null) {
            return b.append(",\"running\":false}").toString();
        }
        LiveTopology t = rec.topology;
        Selection sel = rec.selection();
        b.append(",\"running\":true,\"streams\":").append(t.numStreams()).append(",\"channels\":").append(t.numChannels())
            .append(",\"neurons\":").append(t.numNeurons()).append(",\"outputs\":").append(t.numOutput())
            .append(",\"dtMs\":").append(t.dtMs()).append(",\"realtime\":").append(t.realtime())
            .append(",\"maxNeurons\":").append(Selection.MAX_NEURONS)
            .append(",\"stream\":").append(sel.stream()).append(",\"watched\":").append(sel.neuronsJson());
        // Neurons per stream as [first id, count] pairs (a population of equal blocks stays short).
        b.append(",\"streamNeurons\":[");
        for (int s = 0; s < t.numStreams(); s++) {
            b.append(s == 0 ? "[" : ",[").append(t.streamFirstNeuron()[s]).append(',').append(t.streamNeurons()[s])
                .append(']');
        }
        return b.append("]}").toString();
    }

    /** {@code /select?stream=S&neurons=A,B}: a bad request is a 400 with the one-line reason. */
    private void select(HttpExchange ex) throws IOException {
        LiveRecorder rec = recorder;
        if (rec == null) {
            respond(ex, 409, "text/plain; charset=utf-8", "no run yet".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String query = ex.getRequestURI().getRawQuery();
        Selection sel = rec.selection();
        int stream = sel.stream();
        int[] neurons = sel.neurons();
        try {
            for (String kv : query == null ? new String[0] : query.split("&")) {
                int eq = kv.indexOf('=');
                String key = eq < 0 ? kv : kv.substring(0, eq);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("stream")) {
                    stream = Integer.parseInt(value.trim());
                } else if (key.equals("neurons")) {
                    String[] parts = value.split(",");
                    if (parts.length > Selection.MAX_NEURONS) {
                        throw new IllegalArgumentException("neurons: expected 1 to " + Selection.MAX_NEURONS + " ids, found "
                            + parts.length);
                    }
                    neurons = new int[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        neurons[i] = Integer.parseInt(parts[i].trim());
                    }
                }
            }
        } catch (NumberFormatException e) {
            respond(ex, 400, "text/plain; charset=utf-8", ("expected whole numbers: " + e.getMessage())
                .getBytes(StandardCharsets.UTF_8));
            return;
        } catch (IllegalArgumentException e) {
            respond(ex, 400, "text/plain; charset=utf-8", e.getMessage().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String problem = rec.select(stream, neurons);
        if (problem != null) {
            respond(ex, 400, "text/plain; charset=utf-8", problem.getBytes(StandardCharsets.UTF_8));
        } else {
            respond(ex, 200, "application/json", info().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Streams frames to one client until it goes away or the server closes. */
    private void stream(HttpExchange ex) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            respond(ex, 503, "text/plain; charset=utf-8", ("at most " + MAX_CLIENTS + " viewers")
                .getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        Client c = new Client(ex);
        clients.add(c);
        try (OutputStream out = ex.getResponseBody()) {
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed && !c.dropped) {
                byte[] frame = c.take(15_000);
                byte[] bytes = frame != null ? frame : ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
                c.writingSince = System.currentTimeMillis();
                out.write(bytes);
                out.flush();
                c.writingSince = 0;
            }
        } catch (IOException | UncheckedIOException e) {
            // the viewer went away (or was dropped): nothing to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(c);
        }
    }

    private static void respond(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops serving (open pages keep what they show). */
    @Override
    public void close() {
        closed = true;
        publisher.interrupt();
        for (Client c : new ArrayList<>(clients)) {
            c.drop();
        }
        http.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One viewer: a mailbox of one frame, written by the viewer's own thread. */
    private static final class Client {
        private final HttpExchange exchange;
        private byte[] pending;
        private byte[] history;
        volatile long writingSince;
        volatile boolean dropped;
        /** Set until the publisher has handed it the last window of steps. */
        volatile boolean needsHistory = true;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Leaves the newest frame; false when it replaced one the client had not taken (a skip). */
        synchronized boolean offer(byte[] frame) {
            boolean skipped = pending != null;
            pending = frame;
            notifyAll();
            return !skipped;
        }

        /** The first frame for this client, taken before any other (never replaced by a newer one). */
        synchronized void offerHistory(byte[] frame) {
            history = frame;
            notifyAll();
        }

        synchronized byte[] take(long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (pending == null && history == null && !dropped) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                wait(left);
            }
            byte[] f = history != null ? history : pending;
            if (history != null) {
                history = null;
            } else {
                pending = null;
            }
            return f;
        }

        long stuckSince(long nowMs) {
            long since = writingSince;
            return since == 0 ? 0 : nowMs - since;
        }

        void drop() {
            dropped = true;
            synchronized (this) {
                notifyAll();
            }
            exchange.close();
        }
    }
}
