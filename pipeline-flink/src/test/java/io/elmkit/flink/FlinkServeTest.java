package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.io.npy.Npz;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code elmkit flink --serve}: the live page's event stream, fed on the client from the job's
 * outputs, carries the run's own outputs bit for bit for the watched neuron, steps advancing.
 */
class FlinkServeTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    private static final Pattern URL = Pattern.compile("live view: (http://\\S+/)");
    /** Holds the job's input until the test's viewer is connected (the job runs in this JVM's MiniCluster). */
    static final CountDownLatch VIEWER_CONNECTED = new CountDownLatch(1);

    @Test
    void framesCarryTheJobsOutputsForTheWatchedNeuronBitForBit(@TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-plain");
        Path in = tmp.resolve("in.npz");
        Path out = tmp.resolve("out.npz");
        g.events.write(in);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int[] code = {-1};
        FlinkCommand command = new FlinkCommand();
        // Each input step waits for the viewer, then a little, so that the run spans several frames.
        command.inputStage = s -> s.map((MapFunction<InputStep, InputStep>) r -> {
            VIEWER_CONNECTED.await();
            Thread.sleep(1);
            return r;
        }).returns(InputStep.class).name("held until the viewer connects");
        Thread run = new Thread(() -> code[0] = new CommandLine(command).execute("--model", g.dir.toString(), "--input",
            in.toString(), "--output", out.toString(), "--parallelism", "2", "--neurons", "2", "--checkpoint-ms", "0",
            "--spike-threshold", "0.0", "--serve", "0", "--serve-linger-s", "1"), "flink-serve");
        run.start();
        try {
            URI url = url(err, run);
            assertEquals("127.0.0.1", url.getHost());
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!http.send(HttpRequest.newBuilder(url.resolve("info")).build(), HttpResponse.BodyHandlers.ofString())
                .body().contains("\"running\":true")) {
                assertTrue(System.nanoTime() < deadline, "the view was never attached: " + text(err));
                Thread.sleep(10);
            }
            // Stream 1's first neuron (2 neurons per stream: id 2), picked before any step is computed.
            HttpResponse<String> sel = http.send(HttpRequest.newBuilder(url.resolve("select?stream=1&neurons=2")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sel.statusCode(), sel.body());

            ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            TreeMap<Long, float[]> seen = new TreeMap<>();
            List<Long> frameSteps = new ArrayList<>();
            long rasterEvents = 0;
            JsonNode last = null;
            HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(url.resolve("events"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofLines());
            VIEWER_CONNECTED.countDown();
            try (Stream<String> lines = events.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    JsonNode f = json.readTree(line.substring(6));
                    last = f;
                    frameSteps.add(f.get("step").asLong());
                    if (f.get("stream").asInt() == 1 && f.get("neurons").get(0).asInt() == 2) {
                        long from = f.get("from").asLong();
                        for (int i = 0; i < f.get("count").asInt(); i++) {
                            seen.put(from + i, new float[] {exact(f.get("y0").get(0).get(i)),
                                exact(f.get("y1").get(0).get(i))});
                        }
                        rasterEvents += f.get("raster").size() / 2;
                    }
                    if (f.get("ended").asBoolean()) {
                        break;
                    }
                }
            }
            run.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(run.isAlive(), "the run did not end");
            assertEquals(0, code[0], text(err));
            assertNotNull(last, "no frames");
            assertTrue(last.get("ended").asBoolean());
            assertEquals(g.steps, last.get("stepsDone").asLong());
            for (int i = 1; i < frameSteps.size(); i++) {
                assertTrue(frameSteps.get(i) >= frameSteps.get(i - 1), "steps went back: " + frameSteps);
            }
            assertTrue(frameSteps.size() >= 3 && frameSteps.get(frameSteps.size() - 1) > frameSteps.get(1),
                "steps did not advance: " + frameSteps);
            assertTrue(rasterEvents > 0, "no input events of the watched stream");
            // Every step, in order, once: the feed hands steps on only when all streams have reached them.
            assertEquals(g.steps, seen.size(), "steps shown: " + seen.keySet());
            assertEquals(0L, (long) seen.firstKey());
            float[] written = Npz.read(out).get("output").toFloatArray(); // (streams, steps, d_o)
            int d = g.model.numOutput();
            for (var e : seen.entrySet()) {
                int base = (int) ((1L * g.steps + e.getKey()) * d);
                assertEquals(Float.floatToRawIntBits(written[base]), Float.floatToRawIntBits(e.getValue()[0]),
                    "output 0 at step " + e.getKey());
                if (d > 1) {
                    assertEquals(Float.floatToRawIntBits(written[base + 1]), Float.floatToRawIntBits(e.getValue()[1]),
                        "output 1 at step " + e.getKey());
                } else {
                    assertTrue(Float.isNaN(e.getValue()[1]));
                }
            }
        } finally {
            VIEWER_CONNECTED.countDown();
            run.join(TimeUnit.SECONDS.toMillis(60));
            System.setErr(oldErr);
        }
    }

    @Test
    void aPortInUseIsAOneLineError(@TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-plain");
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            String[] r = FlinkCliErrorsTest.elmkit("flink", "--model", g.dir.toString(), "--input", in.toString(),
                "--serve", "127.0.0.1:" + port);
            FlinkCliErrorsTest.assertOneLineError(r, "--serve 127.0.0.1:" + port + ": port " + port
                + " is in use (pick another, or 0 for a free one)");
        }
    }

    private static String text(ByteArrayOutputStream err) {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static URI url(ByteArrayOutputStream err, Thread run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(text(err));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            assertTrue(run.isAlive(), "the run ended without a URL: " + text(err));
            Thread.sleep(20);
        }
        throw new AssertionError("no URL printed: " + text(err));
    }

    /** A JSON number written from a float32 with Float.toString, read back exactly. */
    private static float exact(JsonNode n) {
        if (n.isNull()) {
            return Float.NaN;
        }
        assertTrue(n.isNumber(), "not a number: " + n);
        return Float.parseFloat(n.decimalValue().toString());
    }
}
