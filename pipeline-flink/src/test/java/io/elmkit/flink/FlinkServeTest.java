package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npz;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.BackgroundRun;
import io.elmkit.testsupport.LiveViewClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    /** Holds the job's input until the test's viewer is connected (the job runs in this JVM's MiniCluster). */
    static volatile CountDownLatch VIEWER_CONNECTED;

    @Test
    void framesCarryTheJobsOutputsForTheWatchedNeuronBitForBit(@TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-plain");
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        serve(g, in.toString(), tmp.resolve("out.npz"));
    }

    @Test
    void withAKafkaInputTheRasterShowsTheTopicsEvents(@TempDir Path tmp) throws Exception {
        Golden g = Golden.load("synthetic-plain");
        KafkaFlinkTest.publish(g, BROKER.get().bootstrap(), "serve-in");
        serve(g, "kafka://" + BROKER.get().bootstrap() + "/serve-in", tmp.resolve("out.npz"));
    }

    /** Runs flink --serve on {@code input}, watches stream 1, and checks the frames against the outputs written. */
    static void serve(Golden g, String input, Path out) throws Exception {
        VIEWER_CONNECTED = new CountDownLatch(1);
        FlinkCommand command = new FlinkCommand();
        // Each input step waits for the viewer, then a little, so that the run spans several frames.
        command.inputStage = s -> s.map((MapFunction<InputStep, InputStep>) r -> {
            VIEWER_CONNECTED.await();
            Thread.sleep(1);
            return r;
        }).returns(InputStep.class).name("held until the viewer connects").setParallelism(1); // in order, as the source
        try (BackgroundRun run = BackgroundRun.start(() -> new CommandLine(command).execute("--model", g.dir.toString(),
            "--input", input, "--output", out.toString(), "--parallelism", "2", "--neurons", "2",
            "--checkpoint-ms", input.startsWith("kafka:") ? "100" : "0", "--spike-threshold", "0.0", "--serve", "0", "--serve-linger-s", "1"))) {
            LiveViewClient.Frames frames;
            try {
                LiveViewClient view = LiveViewClient.attach(run, Duration.ofSeconds(60));
                view.select(1, 2); // stream 1's first neuron (2 neurons per stream: id 2), before any step is computed
                frames = view.readFrames(Duration.ofSeconds(60), 1, 2, VIEWER_CONNECTED::countDown);
            } finally {
                VIEWER_CONNECTED.countDown();
            }
            run.await();
            assertEquals(0, run.exitCode(), run.err());
            assertNotNull(frames.last, "no frames");
            assertTrue(frames.last.get("ended").asBoolean());
            assertEquals(g.steps, frames.last.get("stepsDone").asLong());
            frames.assertStepsNeverGoBack();
            assertTrue(frames.steps.size() >= 3 && frames.steps.get(frames.steps.size() - 1) > frames.steps.get(1),
                "steps did not advance: " + frames.steps);
            assertTrue(frames.rasterEvents > 0, "no input events of the watched stream");
            // Every step, in order, once: the feed hands steps on only when all streams have reached them.
            assertEquals(g.steps, frames.outputs.size(), "steps shown: " + frames.outputs.keySet());
            assertEquals(0L, (long) frames.outputs.firstKey());
            float[] written = Npz.read(out).get("output").toFloatArray(); // (streams, steps, d_o)
            frames.assertOutputsEqual(written, 1, g.steps, g.model.numOutput());
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
}
