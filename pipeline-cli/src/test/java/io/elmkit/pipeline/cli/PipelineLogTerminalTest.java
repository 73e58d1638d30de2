package io.elmkit.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.PipelineLog;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline commands in a JVM of their own, as the launcher runs them, with Kafka's and Flink's log at
 * INFO (ELMKIT_LOG_LEVEL=info): publish (Kafka producer and admin), run from a topic (consumer; the file
 * from ELMKIT_LOG) and flink (MiniCluster) write only their own lines to the terminal; Kafka's and Flink's
 * INFO lines are in the log file.
 */
class PipelineLogTerminalTest {
    @TempDir
    static Path tmp;

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    @Test
    void kafkaAndFlinkLogToTheFileNotTheTerminal() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-plain");
        Path events = PipelineCommandsTest.eventsOf(model, tmp, "in.npz");
        String b = BROKER.get().bootstrap();

        Path publishLog = tmp.resolve("publish.log");
        String[] publish = own(Map.of(PipelineLog.LEVEL_ENV, "info"), "publish", events.toString(), "--bootstrap", b,
            "--topic", "terminal-in", "--log", publishLog.toString());
        assertOnlyOwnLines(publish, "publish");
        assertTrue(Files.readString(publishLog).contains(" INFO  [") && Files.readString(publishLog).contains("org.apache.kafka"),
            "Kafka's INFO lines in the log");

        Path runLog = tmp.resolve("run.log");
        String[] run = own(Map.of(PipelineLog.LEVEL_ENV, "info", PipelineLog.FILE_ENV, runLog.toString()), "run", "--model",
            model.toString(), "--input", "kafka://" + b + "/terminal-in", "--output", tmp.resolve("run.npz").toString());
        assertOnlyOwnLines(run, "run");
        assertTrue(Files.readString(runLog).contains("org.apache.kafka.clients.consumer"), "the consumer's INFO lines in the log");

        Path flinkLog = tmp.resolve("flink.log");
        String[] flink = own(Map.of(PipelineLog.LEVEL_ENV, "info"), "flink", "--model", model.toString(), "--input",
            events.toString(), "--output", tmp.resolve("flink.npz").toString(), "--log", flinkLog.toString());
        assertOnlyOwnLines(flink, "flink");
        assertTrue(Files.readString(flinkLog).contains("INFO  [") && Files.readString(flinkLog).contains("org.apache.flink.runtime"),
            "Flink's INFO lines in the log");
    }

    /** No line of Kafka, Flink, SLF4J or Log4j on stdout or stderr: the command's own lines and the log's note only. */
    private static void assertOnlyOwnLines(String[] r, String command) {
        assertEquals("0", r[0], r[1] + r[2]);
        for (String line : (r[1] + r[2]).split("\\R")) {
            boolean foreign = line.contains("INFO") || line.contains("WARN") || line.contains("SLF4J") || line.contains("log4j")
                || line.contains("org.apache.") || line.matches("^\\d{4}-\\d\\d-\\d\\d.*");
            assertTrue(!foreign, command + " wrote a line that is not its own: '" + line + "' in:\n" + r[1] + r[2]);
        }
        assertTrue(r[2].contains("elmkit: Kafka, Flink or elmkit logged to "), "stderr names the log:\n" + r[2]);
    }

    /** `elmkit ARGS` in a JVM of its own (the launcher's flags), with {@code env}: exit code, stdout, stderr. */
    private static String[] own(Map<String, String> env, String... args) throws Exception {
        Path etc = Path.of(System.getProperty("elmkit.root"), "etc");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + etc.resolve("jvm.options"), "@" + etc.resolve("jvm-chronicle.options"), "@" + etc.resolve("jvm-flink.options"),
            "-cp", System.getProperty("java.class.path"), "io.elmkit.cli.ElmkitCommand"));
        if (Runtime.version().feature() >= 23) {
            // What the launcher adds on JDK 23+ (elmkit script): without it the JVM itself warns about
            // sun.misc.Unsafe (Agrona, Chronicle, Pekko), which is not a line of Kafka's or Flink's log.
            cmd.addAll(1, List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().remove("ELMKIT_DEBUG");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new String[] {Integer.toString(code), Files.readString(out), Files.readString(err)};
    }

}
