package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.npy.Npz;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.BackgroundRun;
import io.elmkit.testsupport.LiveViewClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --serve}: the live view's event stream carries the run's own outputs, bit for bit, for
 * the neuron picked on the page; the page renders in headless Chromium when it is installed.
 */
class LiveViewTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    static final int STREAMS = 3;
    static final int CHANNELS = 32;

    /** A small NeuronIO-shaped model (d_o 2) and a Poisson events file of {@code steps} steps of 1 ms. */
    static void writeFixture(Path dir, int steps) throws IOException {
        RunCommandTest.saveSmallModel(dir);
        EventsFile.fromDense(PoissonRaster.dense(5, STREAMS, steps, CHANNELS, 3.0, 1.0), STREAMS, steps, CHANNELS, 1.0)
            .write(dir.resolve("in.npz"));
    }

    @Test
    void framesCarryTheRunsOutputsForTheWatchedNeuronBitForBit(@TempDir Path tmp) throws Exception {
        int steps = 2000; // paced to real time: 2 s, ~60 frames
        writeFixture(tmp, steps);
        try (BackgroundRun run = start("run", "--model", tmp.resolve("model").toString(), "--input",
            tmp.resolve("in.npz").toString(), "--output", tmp.resolve("out.npz").toString(), "--realtime", "--threads", "1",
            "--spike-threshold", "0.0", "--refractory-steps", "9", "--serve", "127.0.0.1:0", "--serve-linger-s", "1")) {
            LiveViewClient view = LiveViewClient.attach(run, Duration.ofSeconds(30));
            view.select(1, 1); // stream 1 and its neuron (one neuron per stream: id = stream)
            HttpResponse<String> bad = view.get("select?neurons=99");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("0..2"), bad.body());

            LiveViewClient.Frames frames = view.readFrames(Duration.ofSeconds(30), 1, 1, () -> { });
            assertNotNull(frames.last, "no frames");
            assertTrue(frames.last.get("ended").asBoolean(), "the stream ended before the run did");
            assertEquals(steps, frames.last.get("stepsDone").asLong());
            // Steps advance from frame to frame, at a bounded frame rate (2 s at most ~30 frames/s, and heartbeats).
            assertTrue(frames.steps.size() >= 10 && frames.steps.size() <= 100, "frames: " + frames.steps.size());
            frames.assertStepsNeverGoBack();
            assertTrue(frames.steps.get(frames.steps.size() - 1) > frames.steps.get(0),
                "steps did not advance: " + frames.steps);
            assertTrue(frames.rasterEvents > 0, "no input events of the watched stream");
            assertTrue(frames.last.get("inputs").get(0).get("stepsDelivered").asLong() >= steps - 1);

            run.await();
            assertEquals(0, run.exitCode(), run.err());
            float[] out = Npz.read(tmp.resolve("out.npz")).get("output").toFloatArray(); // (3, steps, 2)
            // From the viewer's first window (the last 500 steps when it connected) to the run's last step, every
            // step is in some frame (paced to real time: ~33 steps per frame, far below the 500 a frame may carry).
            assertEquals(steps - 1, frames.outputs.lastKey());
            assertGapsOnlyWhereTheViewFellBehind(frames);
            assertTrue(frames.outputs.size() >= 500, "frames covered only " + frames.outputs.size() + " steps");
            // Spikes (threshold 0: every 10th step) as the outputs file records them, on the steps the frames showed.
            long[] rows = Npz.read(tmp.resolve("out.npz")).get("spikes").toLongArray(); // (sample, step, copy)
            java.util.TreeSet<Long> expectedSpikes = new java.util.TreeSet<>();
            for (int i = 0; i < rows.length; i += 3) {
                if (rows[i] == 1 && frames.outputs.containsKey(rows[i + 1])) {
                    expectedSpikes.add(rows[i + 1]);
                }
            }
            assertFalse(expectedSpikes.isEmpty());
            assertEquals(expectedSpikes, frames.spikeSteps);
            frames.assertOutputsEqual(out, 1, steps, 2);
        }
    }

    /**
     * Every step from the first shown to the last is in some frame, except where two frames in a row
     * are more than a frame's window ({@code FrameBuilder.MAX_FRAME_STEPS}) apart: then the publisher
     * was starved (a loaded machine stalls it for over half a second at 1 ms steps) and the frame can
     * carry only the latest window by design. A gap anywhere else is a bug.
     */
    private static void assertGapsOnlyWhereTheViewFellBehind(LiveViewClient.Frames frames) {
        int window = 500; // FrameBuilder.MAX_FRAME_STEPS
        for (long step = frames.outputs.firstKey(); step <= frames.outputs.lastKey(); step++) {
            if (frames.outputs.containsKey(step)) {
                continue;
            }
            boolean starved = false;
            for (int i = 1; i < frames.steps.size(); i++) {
                long before = frames.steps.get(i - 1);
                long after = frames.steps.get(i);
                if (before <= step && step < after && after - before > window) {
                    starved = true;
                }
            }
            assertTrue(starved, "gap at step " + step + " between frames closer than " + window + " steps: "
                + frames.steps);
        }
    }

    @Test
    void aPortInUseIsAOneLineError(@TempDir Path tmp) throws Exception {
        writeFixture(tmp, 20);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliRunner r = CliRunner.run("run", "--model", tmp.resolve("model").toString(), "--input",
                tmp.resolve("in.npz").toString(), "--serve", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(1, r.exitCode, r.err);
            List<String> lines = r.err.lines().filter(l -> !l.startsWith("(set ELMKIT_DEBUG=1")).toList();
            assertEquals(List.of("run: error: --serve 127.0.0.1:" + taken.getLocalPort() + ": port " + taken.getLocalPort()
                + " is in use (pick another, or 0 for a free one)"), lines, r.err);
        }
        CliRunner bad = CliRunner.run("run", "--model", tmp.resolve("model").toString(), "--input",
            tmp.resolve("in.npz").toString(), "--serve", "localhost:http");
        assertEquals(1, bad.exitCode, bad.err);
        assertTrue(bad.err.contains("expected PORT or HOST:PORT"), bad.err);
    }

    /** The page in a real browser: headless Chromium loads it during a run and the raster, traces and figures render. */
    @Test
    void thePageRendersInHeadlessChromium(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "skipped: " + CHROMIUM + " is not installed (.ci/run installs"
            + " Debian's chromium)");
        writeFixture(tmp, 4000);
        try (BackgroundRun run = start("run", "--model", tmp.resolve("model").toString(), "--input",
            tmp.resolve("in.npz").toString(), "--realtime", "--threads", "1", "--serve", "0", "--serve-linger-s", "0")) {
            String dom = chromium(tmp, "--dump-dom", "--virtual-time-budget=2500", run.liveViewUrl().toString());
            // Running, or (when Chromium's virtual time outlasts the run) showing the final figures.
            assertTrue(dom.contains("id=\"status\" class=\"running\"") || dom.contains("id=\"status\" class=\"ended\""),
                "status neither running nor ended:\n" + head(dom));
            Matcher events = Pattern.compile("id=\"raster\" width=\"\\d+\" height=\"\\d+\" data-events=\"(\\d+)\"")
                .matcher(dom);
            assertTrue(events.find() && Integer.parseInt(events.group(1)) > 0, "raster empty:\n" + head(dom));
            Matcher points = Pattern.compile("id=\"prob\" width=\"\\d+\" height=\"\\d+\" data-points=\"(\\d+)\"")
                .matcher(dom);
            assertTrue(points.find() && Integer.parseInt(points.group(1)) > 0, "no trace:\n" + head(dom));
            Matcher step = Pattern.compile("id=\"f-step\">(\\d+)<").matcher(dom);
            assertTrue(step.find() && Long.parseLong(step.group(1)) > 0, "no step figure:\n" + head(dom));
            assertFalse(dom.contains("id=\"f-sps\">-<"), "no steps/s figure:\n" + head(dom));
        }
    }

    private static String head(String dom) {
        int at = dom.indexOf("<h1>");
        return dom.substring(Math.max(0, at), Math.min(dom.length(), Math.max(0, at) + 3000));
    }

    /** Runs headless Chromium (flags of the machine notes: no sandbox as root, no background networking). */
    static String chromium(Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"), "--window-size=1280,900"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Runs {@code elmkit args...} in this JVM on its own thread. */
    static BackgroundRun start(String... args) {
        return BackgroundRun.start(() -> ElmkitCommand.newCommandLine().execute(args));
    }
}
