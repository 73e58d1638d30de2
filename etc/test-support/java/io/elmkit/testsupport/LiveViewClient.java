package io.elmkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A viewer of the live view ({@code run --serve}, {@code flink --serve}) as the page is one: waits
 * for the run to attach, picks neurons, and reads the event stream's frames, keeping what they show
 * of one watched neuron. Used by cli's and pipeline-flink's live view tests.
 */
public final class LiveViewClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    private LiveViewClient(URI base) {
        this.base = base;
    }

    /**
     * The view {@code run} serves (it prints the URL, which must be on 127.0.0.1), once the run has
     * attached to it ({@code /info} says "running": the URL is printed before the model is read).
     */
    public static LiveViewClient attach(BackgroundRun run, Duration timeout) throws IOException, InterruptedException {
        URI url = run.liveViewUrl();
        assertEquals("127.0.0.1", url.getHost());
        LiveViewClient view = new LiveViewClient(url);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!view.get("info").body().contains("\"running\":true")) {
            assertTrue(System.nanoTime() < deadline, "the run never attached to the view: " + run.err());
            Thread.sleep(10);
        }
        return view;
    }

    /** Picks stream {@code stream} and its neuron {@code neuron} on the page's picker. */
    public void select(int stream, int neuron) throws IOException, InterruptedException {
        HttpResponse<String> r = get("select?stream=" + stream + "&neurons=" + neuron);
        assertEquals(200, r.statusCode(), r.body());
    }

    /** GET {@code base/pathAndQuery}. */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Reads {@code /events} until a frame says the run ended (or the stream closes), keeping the frames
     * of {@code stream} whose first neuron is {@code neuron}; {@code connected} runs once the stream is open.
     */
    public Frames readFrames(Duration timeout, int stream, int neuron, Runnable connected)
        throws IOException, InterruptedException {
        HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(base.resolve("events"))
            .timeout(timeout).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElse(""));
        connected.run();
        Frames frames = new Frames();
        try (Stream<String> lines = events.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data: ") && !frames.add(Json.parse(line.substring(6)), stream, neuron)) {
                    break;
                }
            }
        }
        return frames;
    }

    /** What the frames showed. */
    public static final class Frames {
        /** The last frame (null if none came). */
        public Json last;
        /** Every frame's step, in arrival order. */
        public final List<Long> steps = new ArrayList<>();
        /** The watched neuron's outputs 0 and 1 by step (NaN where the model has one output). */
        public final TreeMap<Long, float[]> outputs = new TreeMap<>();
        /** The steps the watched neuron spiked on. */
        public final TreeSet<Long> spikeSteps = new TreeSet<>();
        /** Input events of the watched stream shown in the raster. */
        public long rasterEvents;

        /** Frame steps never decrease. */
        public void assertStepsNeverGoBack() {
            for (int i = 1; i < steps.size(); i++) {
                assertTrue(steps.get(i) >= steps.get(i - 1), "steps went back: " + steps);
            }
        }

        /**
         * The watched neuron's outputs equal, bit for bit, what the run wrote for it: {@code written} is
         * the outputs file's (streams, numSteps, dO) array and the neuron is stream {@code stream}'s.
         */
        public void assertOutputsEqual(float[] written, int stream, long numSteps, int dO) {
            for (var e : outputs.entrySet()) {
                int at = (int) ((stream * numSteps + e.getKey()) * dO);
                for (int k = 0; k < 2; k++) {
                    float expected = k < dO ? written[at + k] : Float.NaN;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(e.getValue()[k]),
                        "output " + k + " at step " + e.getKey());
                }
            }
        }

        /** Keeps one frame; false when it is the last (the run ended). */
        private boolean add(Json f, int stream, int neuron) {
            last = f;
            steps.add(f.get("step").asLong());
            if (f.get("stream").asInt() == stream && f.get("neurons").get(0).asInt() == neuron) {
                long from = f.get("from").asLong();
                for (int i = 0; i < f.get("count").asInt(); i++) {
                    outputs.put(from + i, new float[] {exact(f.get("y0").get(0).get(i)), exact(f.get("y1").get(0).get(i))});
                }
                rasterEvents += f.get("raster").size() / 2;
                f.get("spikeSteps").get(0).forEach(s -> spikeSteps.add(s.asLong()));
            }
            return !f.get("ended").asBoolean();
        }

        /** A JSON number written from a float32 with Float.toString, read back exactly; null is NaN (no such output). */
        private static float exact(Json n) {
            return n.isNull() ? Float.NaN : n.asFloat();
        }
    }
}
