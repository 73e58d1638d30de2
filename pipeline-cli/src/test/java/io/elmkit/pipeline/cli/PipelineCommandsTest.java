package io.elmkit.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.cli.ElmkitCommand;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.npy.Npz;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.testsupport.CapturedRun;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.GoldenElmCases;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
    void consumeWritesAJournalAndStopsAtItsTimeout() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-plain");
        Path events = tmp.resolve("j-in.npz");
        ok("convert", model.resolve("input.npy").toString(), events.toString());
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
        for (String name : new PipelineCommands().names()) {
            CommandLine sub = all.getSubcommands().get(name);
            assertTrue(sub != null, name + " in the full command list");
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            String[] description = spec.usageMessage().description();
            assertTrue(description.length > 0 && description[0].endsWith("."), name + ": a one-sentence summary");
            for (String line : description) {
                assertTrue(line.matches("(?s).*[.:?!)]$"), name + ": a description line ends a sentence: " + line);
            }
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String text = String.join(" ", o.description());
                boolean flag = o.typeInfo().isBoolean() && o.arity().max() == 0;
                assertTrue(o.required() || flag || text.contains("${DEFAULT-VALUE}") || text.contains("default:"),
                    name + " " + o.longestName() + ": states its default");
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
