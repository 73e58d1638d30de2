package io.elmkit.cli.live;

import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.SpikeInput;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@code --serve}: a web page, served by the running command, that shows the run live (see
 * {@link LiveServer}). The commands use it in three calls: {@link #start} before the run (a port in
 * use fails here, before any work), {@link #tap} on the engine's input and {@link #watch} on the
 * engine with its neurons, then {@link #finish} after the run (keeps serving the final figures for
 * the linger time) and {@link #close}.
 *
 * <p>Other producers (e.g. a Flink job) feed the same page through {@link #watch(LiveTopology,
 * LongSupplier, LongSupplier)}: it returns the {@link LiveFeed} to call from one thread per step.
 */
public final class LiveView implements AutoCloseable {
    private final LiveServer server;
    private final double lingerS;
    private final PrintStream err;
    private final List<TappedInput> taps = new ArrayList<>();
    private int nextStreamBase;

    private LiveView(LiveServer server, double lingerS, PrintStream err) {
        this.server = server;
        this.lingerS = lingerS;
        this.err = err;
    }

    /** Parses {@code spec} (PORT or HOST:PORT), listens, and prints the page's address. */
    public static LiveView start(String spec, double lingerS, PrintStream err) throws IOException {
        if (!(lingerS >= 0) || Double.isInfinite(lingerS)) {
            throw new IllegalArgumentException("--serve-linger-s: expected a finite number >= 0, found " + lingerS);
        }
        LiveServer server = LiveServer.start(ServeAddress.parse(spec));
        err.println("live view: " + server.url());
        return new LiveView(server, lingerS, err);
    }

    /** The HTTP server showing the view. */
    public LiveServer server() {
        return server;
    }

    /** The input as the engine should see it: unchanged, its events and lag reported to the view. */
    public SpikeInput tap(SpikeInput input) {
        TappedInput t = new TappedInput(input, nextStreamBase);
        nextStreamBase += input.numStreams();
        taps.add(t);
        return t;
    }

    /** Watches {@code engine}: stream s feeds neurons {@code ids[s]}. Call before the run. */
    public void watch(Engine engine, String title, int[][] ids, int numChannels, int numOutput, double dtMs,
                      boolean realtime) {
        LiveRecorder rec = (LiveRecorder) watch(LiveTopology.ofStreams(title, ids, numChannels, numOutput, dtMs, realtime),
            engine::missedDeadlines, engine::neuronSteps);
        engine.addSink(rec);
    }

    /**
     * Watches a producer that is not the engine: call the returned feed from one thread (input events,
     * then each step's outputs, then the end). The suppliers are read on that thread after each step.
     */
    public LiveFeed watch(LiveTopology topology, LongSupplier missedDeadlines, LongSupplier neuronSteps) {
        LiveRecorder rec = new LiveRecorder(topology, missedDeadlines, neuronSteps);
        for (TappedInput t : taps) {
            rec.adopt(t);
        }
        server.attach(rec);
        return rec;
    }

    /** After the run: keeps the final figures on the page for the linger time (Ctrl-C ends it sooner). */
    public void finish() throws InterruptedException {
        // Let the publisher send the last frame ("ended") before anything closes.
        Thread.sleep(3L * LiveServer.FRAME_INTERVAL_MS);
        if (lingerS > 0) {
            err.printf(Locale.ROOT, "live view: the run has ended; %s shows its final figures for %s s more (Ctrl-C to"
                + " stop)%n", server.url(), java.math.BigDecimal.valueOf(lingerS).stripTrailingZeros().toPlainString());
            Thread.sleep((long) (lingerS * 1000));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
