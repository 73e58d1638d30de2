package io.elmkit.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.cli.ElmkitCommand;
import io.elmkit.flink.FlinkCommands;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.npy.Npz;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.testsupport.CapturedRun;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pipeline commands on a real in-process broker (one for the class): publish -> run (Kafka in,
 * Kafka out, 3 neurons per stream) -> consume equals {@code elmkit predict} bit for bit on every
 * golden model, and so do the mixed forms (file in, Kafka out; Kafka in, file out); the commands are
 * found through the CommandProvider SPI and keep the help rules.
 */
class PipelineCommandsTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    /** Runs elmkit in-process as the launcher would with elmkit-pipeline.jar (providers found by ServiceLoader). */
    static CapturedRun elmkit(String... args) {
        return CapturedRun.of(() -> ElmkitCommand.newCommandLine(args).execute(args));
    }

    static CapturedRun ok(String... args) {
        CapturedRun r = elmkit(args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ":\n" + r.err());
        return r;
    }

    static int[] bits(float[] values) {
        int[] b = new int[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = Float.floatToRawIntBits(values[i]);
        }
        return b;
    }

    static float[] outputOf(Path npz) throws IOException {
        return Npz.read(npz).get("output").toFloatArray();
    }

    @GoldenElmCases
    void runThroughKafkaEqualsPredict(String name) throws Exception {
        Path model = ReferenceData.goldenElm(name);
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path events = dir.resolve("in.npz");
        ok("convert", model.resolve("input.npy").toString(), events.toString());
        ok("predict", "--model", model.toString(), "--input", model.resolve("input.npy").toString(), "--output",
            dir.resolve("p.npy").toString());
        int[] predicted = bits(Npy.read(dir.resolve("p.npy")).toFloatArray());
        String b = BROKER.get().bootstrap();
        String in = "in-" + name;
        String out = "out-" + name;

        CapturedRun pub = ok("publish", events.toString(), "--bootstrap", b, "--topic", in);
        assertTrue(pub.err().contains("records/s") && pub.err().contains("events/s"), pub.err());
        CapturedRun run = ok("run", "--model", model.toString(), "--input", "kafka://" + b + "/" + in, "--output",
            "kafka://" + b + "/" + out, "--neurons", "3", "--threads", "2");
        assertTrue(run.err().contains("x 3)"), run.err());
        CapturedRun con = ok("consume", "--bootstrap", b, "--topic", out, "--output", dir.resolve("k.npz").toString());
        assertTrue(con.err().contains("records/s"), con.err());
        assertArrayEquals(predicted, bits(outputOf(dir.resolve("k.npz"))), name + ": publish -> run -> consume vs predict");
        assertArrayEquals(Npy.read(dir.resolve("p.npy")).shape(), Npz.read(dir.resolve("k.npz")).get("output").shape());

        // Mixed: Kafka in, file out; file in, Kafka out (and the file run, the round trip's reference).
        ok("run", "--model", model.toString(), "--input", "kafka://" + b + "/" + in, "--output",
            dir.resolve("kf.npz").toString(), "--neurons", "3");
        assertArrayEquals(predicted, bits(outputOf(dir.resolve("kf.npz"))), name + ": Kafka in, file out");
        ok("run", "--model", model.toString(), "--input", events.toString(), "--output", "kafka://" + b + "/file-" + out);
        ok("consume", "--bootstrap", b, "--topic", "file-" + out, "--output", dir.resolve("fk.npz").toString());
        assertArrayEquals(predicted, bits(outputOf(dir.resolve("fk.npz"))), name + ": file in, Kafka out");
        ok("run", "--model", model.toString(), "--input", events.toString(), "--output", dir.resolve("ff.npz").toString());
        assertArrayEquals(bits(outputOf(dir.resolve("ff.npz"))), bits(outputOf(dir.resolve("k.npz"))),
            name + ": the Kafka round trip vs run on the file");
    }

    @Test
    void theOutputsTopicCarriesEveryNeuronOfEveryStreamAndConsumeWritesWhatRunWrites() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-plain");
        Path events = tmp.resolve("n-in.npz");
        ok("convert", model.resolve("input.npy").toString(), events.toString());
        ok("predict", "--model", model.toString(), "--input", model.resolve("input.npy").toString(), "--output",
            tmp.resolve("n-p.npy").toString());
        float[] predicted = Npy.read(tmp.resolve("n-p.npy")).toFloatArray();
        int[] shape = Npy.read(tmp.resolve("n-p.npy")).shape();
        int streams = shape[0];
        int steps = shape[1];
        int d = shape[2];
        int neurons = 3;
        String b = BROKER.get().bootstrap();
        String[] spiking = {"--neurons", Integer.toString(neurons), "--spike-threshold", "0.5", "--refractory-steps", "1"};
        ok(concat(new String[] {"run", "--model", model.toString(), "--input", events.toString(), "--output",
            "kafka://" + b + "/n-out"}, spiking));
        ok(concat(new String[] {"run", "--model", model.toString(), "--input", events.toString(), "--output",
            tmp.resolve("n-run.npz").toString()}, spiking));
        java.util.Map<String, io.elmkit.io.nd.NdArray> run = Npz.read(tmp.resolve("n-run.npz"));
        long[] runSpikes = run.get("spikes").toLongArray();
        assertTrue(runSpikes.length > 0, "the test needs spikes");
        // The topic itself: every (stream, neuron, step) once, each neuron equal to predict, its spikes as run's.
        java.util.Set<String> spikes = new java.util.HashSet<>();
        for (int i = 0; i < runSpikes.length; i += 3) {
            spikes.add(runSpikes[i] + "/" + runSpikes[i + 1] + "/" + runSpikes[i + 2]);
        }
        int[] seen = new int[streams * steps];
        for (SpikeRecord x : batches("n-out", neurons)) {
            StepBatch batch = x.batch();
            int cell = (int) (batch.streamId() * steps + batch.step());
            seen[cell]++;
            assertEquals(neurons * d, batch.size(), "outputs of every neuron in one batch");
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(i, batch.channel(i));
                assertEquals(Float.floatToRawIntBits(predicted[cell * d + i % d]), Float.floatToRawIntBits(batch.value(i)),
                    "stream " + batch.streamId() + ", neuron " + i / d + ", step " + batch.step() + ", output " + i % d);
            }
            for (int neuron : x.spikes()) {
                assertTrue(spikes.remove(batch.streamId() + "/" + batch.step() + "/" + neuron),
                    "a spike run did not emit: stream " + batch.streamId() + ", step " + batch.step() + ", neuron " + neuron);
            }
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(1, seen[i], "(stream " + i / steps + ", step " + i % steps + ") batches");
        }
        assertTrue(spikes.isEmpty(), "spikes of run missing from the topic: " + spikes);
        // consume writes the .npz run writes: outputs and spike rows (sample, step, neuron).
        ok("consume", "--bootstrap", b, "--topic", "n-out", "--output", tmp.resolve("n-k.npz").toString());
        java.util.Map<String, io.elmkit.io.nd.NdArray> k = Npz.read(tmp.resolve("n-k.npz"));
        assertArrayEquals(bits(run.get("output").toFloatArray()), bits(k.get("output").toFloatArray()));
        assertArrayEquals(runSpikes, k.get("spikes").toLongArray());
    }

    @Test
    void withoutABrokerRunAndConsumeFailInSecondsNamingTheAddress() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        String address = "127.0.0.1:" + port;
        Path model = ReferenceData.goldenElm("synthetic-plain");
        String[][] commands = {
            {"run", "--model", model.toString(), "--input", "kafka://" + address + "/nowhere", "--output",
                tmp.resolve("nowhere.npz").toString()},
            {"consume", "--bootstrap", address, "--topic", "nowhere", "--output", tmp.resolve("nowhere2.npz").toString()}};
        for (String[] args : commands) {
            io.elmkit.cli.ErrorLineSuffix.set(null); // as in a fresh JVM: no earlier command of this one set it
            long start = System.nanoTime();
            CapturedRun r = elmkit(args);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(seconds < 15, args[0] + " took " + seconds + " s to notice that no broker answers");
            String line = r.err().lines().filter(l -> l.startsWith(args[0] + ": error: ")).findFirst().orElse(r.err());
            assertTrue(line.contains("no Kafka broker answered at " + address) && line.contains("within 5 s")
                && line.contains("nowhere"), line);
            assertTrue(line.endsWith("; log: " + io.elmkit.pipeline.PipelineLog.file()), "the line names Kafka's log: " + line);
            assertFalse(Files.exists(tmp.resolve(args[0].equals("run") ? "nowhere.npz" : "nowhere2.npz")));
        }
    }

    @Test
    void publishCarriesTimeSEventForEventAndRunOnTheTopicEqualsRunOnTheFile() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-plain");
        Path dense = tmp.resolve("t-dense.npz");
        ok("convert", model.resolve("input.npy").toString(), dense.toString());
        // Each event split in two on its channel, each with its own time.
        EventsFile d = EventsFile.read(dense);
        int n = 2 * d.size();
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        double[] timeS = new double[n];
        for (int i = 0; i < d.size(); i++) {
            for (int half = 0; half < 2; half++) {
                int j = 2 * i + half;
                sample[j] = d.sample[i];
                step[j] = d.step[i];
                channel[j] = d.channel[i];
                // A second part under half a float ulp of the first: a float sum drops it, events fed one
                // by one into the stepper's double sums keep it, so the outputs tell whether readers sum first.
                value[j] = half == 0 ? d.value[i] : d.value[i] * 0x1p-25f;
                timeS[j] = (d.step[i] * d.dtMs + 0.1 * half + 0.01 * d.channel[i] / d.numChannels) / 1000;
            }
        }
        Path events = tmp.resolve("t-in.npz");
        new EventsFile(sample, step, channel, value, d.dtMs, d.numChannels, d.numSteps, timeS, d.labels).write(events);
        String b = BROKER.get().bootstrap();
        ok("publish", events.toString(), "--bootstrap", b, "--topic", "t-in");
        int at = 0;
        long[] sent = new long[(int) d.numSamples()];
        for (SpikeRecord x : batches("t-in", 1)) {
            StepBatch batch = x.batch();
            int s = batch.streamId();
            assertTrue(batch.size() == 0 || batch.hasTimes(), "a batch without its times");
            for (int i = 0; i < batch.size(); i++) {
                int j = indexOf(sample, s, sent[s]++); // a stream's events come in file order
                assertEquals(step[j], batch.step());
                assertEquals(channel[j], batch.channel(i));
                assertEquals(Float.floatToRawIntBits(value[j]), Float.floatToRawIntBits(batch.value(i)));
                assertEquals(Double.doubleToRawLongBits(timeS[j]), Double.doubleToRawLongBits(batch.timeS(i)),
                    "time_s of event " + j);
                at++;
            }
        }
        assertEquals(n, at, "events in the topic");
        ok("run", "--model", model.toString(), "--input", "kafka://" + b + "/t-in", "--output", tmp.resolve("t-k.npz").toString());
        ok("run", "--model", model.toString(), "--input", events.toString(), "--output", tmp.resolve("t-f.npz").toString());
        assertArrayEquals(bits(outputOf(tmp.resolve("t-f.npz"))), bits(outputOf(tmp.resolve("t-k.npz"))),
            "run on the topic (duplicate channels summed) vs run on the file");
    }

    @Test
    void publishOfAnShdFileCarriesEverySpikeWithItsTime() throws Exception {
        // good3.h5 (the h5py fixture of shd-adding): times [[0.01, 0.5, 0.5, 1.2], [], [0.0, 0.999]] (float16),
        // units [[3, 4, 4, 5], [], [699, 0]]: 6 spikes, two of them in one (step, channel) of sample 0.
        Path h5 = Path.of(PipelineCommandsTest.class.getResource("good3.h5").toURI());
        EventsFile spikes = io.elmkit.io.shd.ShdFileEvents.read(h5, 10, null, io.elmkit.io.shd.ShdFileEvents.Values.SPIKES);
        assertEquals(6, spikes.size());
        ok("publish", h5.toString(), "--dt-ms", "10", "--bootstrap", BROKER.get().bootstrap(), "--topic", "shd-times");
        int at = 0;
        long[] sent = new long[(int) spikes.numSamples()];
        for (SpikeRecord x : batches("shd-times", 1)) {
            StepBatch batch = x.batch();
            int s = batch.streamId();
            for (int i = 0; i < batch.size(); i++) {
                int j = indexOf(spikes.sample, s, sent[s]++);
                assertEquals(spikes.step[j], batch.step(), "step of spike " + j);
                assertEquals(spikes.channel[j], batch.channel(i), "unit of spike " + j);
                assertEquals(1f, batch.value(i), "a spike is one event of value 1");
                assertTrue(batch.hasTimes(), "spike " + j + " without its time");
                assertEquals(Double.doubleToRawLongBits(spikes.timeS[j]), Double.doubleToRawLongBits(batch.timeS(i)),
                    "time_s of spike " + j);
                at++;
            }
        }
        assertEquals(6, at, "spikes in the topic (the two of one bin stay two)");
    }

    /** The batch records of a whole topic (read_committed, up to every stream's end), checking its neurons per stream. */
    static java.util.List<SpikeRecord> batches(String topic, int neurons) throws Exception {
        java.util.List<SpikeRecord> all = new java.util.ArrayList<>();
        try (SpikeTopicReader r = new SpikeTopicReader(BROKER.get().bootstrap(), topic, 10_000, Duration.ofSeconds(20))) {
            assertEquals(neurons, r.header(Duration.ofSeconds(20)).neurons());
            while (!r.allEnded()) {
                SpikeRecord x = r.next(Duration.ofSeconds(20).toNanos());
                assertTrue(x != null, topic + ": no record within 20 s");
                if (x.kind() == SpikeRecord.Kind.BATCH) {
                    all.add(x);
                }
            }
        }
        return all;
    }

    /** The index of the k-th event of {@code s} in sorted {@code sample}. */
    static int indexOf(long[] sample, int s, long k) {
        int i = 0;
        while (sample[i] < s) {
            i++;
        }
        return (int) (i + k);
    }

    @Test
    void publishReadsTheNpzOfShdAddingAsRunDoes() throws Exception {
        Path pairs = tmp.resolve("pairs.npz");
        ok("shd-adding", "--shd", ReferenceData.require("shd/shd_test.h5").toString(), "--out", pairs.toString(),
            "--bin-ms", "10", "--pairs", "8", "--threads", "1");
        Path model = tmp.resolve("model700");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(700, 19).numMemory(4).numBranch(7)
            .numSynapsePerBranch(100).deltaTMs(10).build(), 1), model);
        String b = BROKER.get().bootstrap();
        CapturedRun pub = ok("publish", pairs.toString(), "--bootstrap", b, "--topic", "pairs");
        assertTrue(pub.err().contains("8 streams x 700 channels"), pub.err());
        ok("run", "--model", model.toString(), "--input", "kafka://" + b + "/pairs", "--output", tmp.resolve("pk.npz").toString());
        ok("run", "--model", model.toString(), "--input", pairs.toString(), "--output", tmp.resolve("pf.npz").toString());
        assertArrayEquals(bits(outputOf(tmp.resolve("pf.npz"))), bits(outputOf(tmp.resolve("pk.npz"))));
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The golden model's input (input.npy) as an events file {@code name} in {@code dir}. */
    static Path eventsOf(Path model, Path dir, String name) {
        Path events = dir.resolve(name);
        ok("convert", model.resolve("input.npy").toString(), events.toString());
        return events;
    }

    @Test
    void consumeWritesAJournalAndStopsAtItsTimeout() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-plain");
        Path events = eventsOf(model, tmp, "j-in.npz");
        String b = BROKER.get().bootstrap();
        ok("run", "--model", model.toString(), "--input", events.toString(), "--output", "kafka://" + b + "/j-out");
        ok("consume", "--bootstrap", b, "--topic", "j-out", "--output", tmp.resolve("j-journal").toString());
        ok("convert", tmp.resolve("j-journal").toString(), tmp.resolve("j-back.npz").toString());
        assertTrue(Files.size(tmp.resolve("j-back.npz")) > 0);
        // A spike topic is no outputs topic: a one-line error naming it.
        ok("publish", events.toString(), "--bootstrap", b, "--topic", "j-spikes");
        CapturedRun wrong = elmkit("consume", "--bootstrap", b, "--topic", "j-spikes", "--output", tmp.resolve("x.npz").toString(),
            "--timeout", "20");
        assertEquals(1, wrong.exitCode(), wrong.err());
        assertTrue(wrong.err().contains("content") && wrong.err().contains("outputs"), wrong.err());
    }

    @Test
    void theCommandsAreFoundByNameAndKeepTheHelpRules() {
        assertEquals(Set.of("broker"), ElmkitCommand.newCommandLine("broker", "--help").getSubcommands().keySet());
        CommandLine all = ElmkitCommand.newCommandLine(new String[0]);
        // Both halves of the pipeline jar: its help texts are PipelineHelpTexts and FlinkHelpTexts over cli's.
        List<String> flink = new FlinkCommands().names();
        for (String name : Stream.concat(new PipelineCommands().names().stream(), flink.stream()).toList()) {
            CommandLine sub = all.getSubcommands().get(name);
            assertTrue(sub != null, name + " in the full command list");
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            String[] description = spec.usageMessage().description();
            assertTrue(description.length > 0 && description[0].endsWith("."), name + ": a one-sentence summary");
            for (String line : flink.contains(name) ? List.<String>of() : List.of(description)) {  // flink's: wrapped by hand, as run's
                assertTrue(line.matches("(?s).*[.:?!)]$"), name + ": a description line ends a sentence: " + line);
            }
            // The texts as shown: resolved from the bundles, so a missing key is an empty description here.
            for (CommandLine.Model.ArgSpec o : spec.args()) {
                if (o instanceof CommandLine.Model.OptionSpec opt && (opt.usageHelp() || opt.versionHelp())) {
                    continue;
                }
                String text = String.join(" ", o.description());
                String label = o.isOption() ? ((CommandLine.Model.OptionSpec) o).longestName() : o.paramLabel();
                assertFalse(text.isBlank(), name + " " + label + ": has a description");
                boolean flag = o.typeInfo().isBoolean() && o.arity().max() == 0;
                assertTrue(o.required() || flag || text.contains("${DEFAULT-VALUE}") || text.contains("default:"),
                    name + " " + label + ": states its default");
            }
            // The examples' heading is StandardCommand's footerHeading; the footer lists them.
            assertTrue((spec.usageMessage().footerHeading() + String.join("\n", spec.usageMessage().footer()))
                .contains("Example"), name + ": an example");
        }
    }

    @Test
    void theEverydayJarCarriesNoKafka() throws IOException {
        Path jar = Path.of(System.getProperty("elmkit.root", "..")).resolve("cli/target/elmkit.jar");
        assumeTrue(Files.isRegularFile(jar), "cli/target/elmkit.jar not built (mvn package): skipping");
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertFalse(z.stream().anyMatch(e -> e.getName().startsWith("org/apache/kafka/")
                || e.getName().startsWith("kafka/") || e.getName().startsWith("org/apache/flink/")), jar + " holds Kafka or Flink");
        }
    }
}
