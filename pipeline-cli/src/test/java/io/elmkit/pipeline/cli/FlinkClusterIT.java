package io.elmkit.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.SpikePublisher;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.testsupport.CapturedRun;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.ReferenceData;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink cluster, submitted as {@code flink run -c io.elmkit.flink.FlinkCommand
 * elmkit-pipeline.jar ...} does (pipeline-flink/README.md "On a Flink cluster"). There is no Flink
 * distribution on Maven Central, so this emulates one from Flink's own artifacts: a standalone session
 * cluster (a JobManager, {@code StandaloneSessionClusterEntrypoint}, and a TaskManager,
 * {@code TaskManagerRunner} with the memory flags {@code BashJavaUtils} computes, as the distribution's
 * scripts start them) in JVMs of their own whose class path holds Flink and its libraries but no elmkit
 * class and no Kafka client, and each {@code flink} command ({@code CliFrontend run}, {@code stop}) in a
 * JVM of its own. The job's classes come only from the shaded jar the build just made, through the
 * cluster's user class loader. One run to the end; one stopped with a savepoint and resumed at another
 * parallelism. Runs after {@code package} (Surefire's integration-test execution in this module's pom).
 */
class FlinkClusterIT {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final ClassResource<EmbeddedBroker> BROKER = ClassResource.of(dir -> EmbeddedBroker.start(dir, 0));

    private static final long START_S = 90;
    private static final String MAIN = "io.elmkit.flink.FlinkCommand";
    private static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";
    /** synthetic-branch has 300 steps: the first savepoint falls in the middle of its streams. */
    private static final long HELD_FROM_STEP = 150;
    private static final Path LOGS = Path.of("target", "flink-cluster-it").toAbsolutePath();
    /** The TaskManagers' names (their logs: LOGS/NAME.log). */
    private static final List<String> TASK_MANAGERS = List.of("taskmanager-1", "taskmanager-2");
    private static final int SLOTS_PER_TASK_MANAGER = 2;
    /** Every JVM this class started (the cluster's and the flink commands'), killed at the end whatever happened. */
    private static final Map<Process, String> NAMES = new ConcurrentHashMap<>();
    private static Path conf;
    private static String classPath;
    private static int restPort;

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(LOGS);
        classPath = clusterClassPath();
        conf = Files.createDirectories(tmp.resolve("conf"));
        restPort = freePort();
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + freePort(),
            "jobmanager.bind-host: localhost",
            "jobmanager.memory.process.size: 1024m",
            "taskmanager.host: localhost",
            "taskmanager.bind-host: localhost",
            // Two TaskManagers (JVMs of their own, as on two hosts) of two slots each, slots spread over both:
            // the jobs at -p 2 and -p 3 then exchange records over the network stack and restore state across them.
            "taskmanager.numberOfTaskSlots: " + SLOTS_PER_TASK_MANAGER,
            "taskmanager.load-balance.mode: slots",
            "taskmanager.memory.process.size: 1536m",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + restPort,
            "execution.checkpointing.dir: " + tmp.resolve("checkpoints").toUri(),
            "io.tmp.dirs: " + Files.createDirectories(tmp.resolve("io")),
            ""));
        // The cluster's own logging (a distribution's conf/log4j.properties): one file per process.
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = File",
            "appender.file.name = File",
            "appender.file.type = File",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n",
            ""));
        Runtime.getRuntime().addShutdownHook(new Thread(FlinkClusterIT::stopCluster));
        Process jobManager = start("jobmanager", List.of("-Xmx512m"), "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            List.of("--configDir", conf.toString()));
        String[] memory = taskManagerMemory();
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        args.addAll(Arrays.asList(memory[1].trim().split("\\s+")));
        List<Process> cluster = new ArrayList<>(List.of(jobManager));
        for (String taskManager : TASK_MANAGERS) {
            cluster.add(start(taskManager, Arrays.asList(memory[0].trim().split("\\s+")),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args));
        }
        waitForSlots(SLOTS_PER_TASK_MANAGER * TASK_MANAGERS.size(), cluster);
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : NAMES.keySet()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        NAMES.clear();
    }

    /** A job a failed test left running would hold the slots the next test needs: cancelled (REST, as flink cancel). */
    @AfterEach
    void cancelJobsStillRunning() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI jobs = URI.create("http://localhost:" + restPort + "/jobs");
        String list = http.send(HttpRequest.newBuilder(jobs).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher running = Pattern.compile("\\{\"id\":\"([0-9a-f]{32})\",\"status\":\"RUNNING\"\\}").matcher(list);
        while (running.find()) {
            http.send(HttpRequest.newBuilder(URI.create(jobs + "/" + running.group(1) + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    @Test
    void theJobJarOnAStandaloneClusterEqualsRunBitForBit() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-branch");
        Path events = events(model, "in.npz");
        String bootstrap = BROKER.get().bootstrap();
        PipelineCommandsTest.ok("publish", events.toString(), "--bootstrap", bootstrap, "--topic", "cluster-in", "--partitions", "2");

        List<String> run = new ArrayList<>(List.of("run", "-c", MAIN, jar()));
        run.addAll(List.of("--model", model.toString(), "--input", "kafka://" + bootstrap + "/cluster-in",
            "--output", "kafka://" + bootstrap + "/cluster-out", "--parallelism", "2", "--neurons", "3"));
        Map<String, Integer> logsBefore = taskManagerLogLengths();
        String clientOut = ended(start("client", List.of(), CLI_FRONTEND, run), 120);
        assertTrue(clientOut.contains("wrote kafka://" + bootstrap + "/cluster-out"), clientOut);
        assertConsumedEqualsRun(model, events, "cluster-out");

        // The job's and Kafka's log lines go where the cluster's logging puts them (the TaskManagers' files),
        // and both TaskManagers ran a population task.
        assertPopulationOnEveryTaskManager(logsBefore);
        assertTrue(TASK_MANAGERS.stream().anyMatch(tm -> taskManagerLog(tm).contains("org.apache.kafka")),
            "Kafka's lines in a TaskManager's log");
    }

    /**
     * Rescaling on the cluster as its user does it (pipeline-flink/README.md "On a Flink cluster"):
     * {@code flink run -p 2}, then {@code flink stop --savepointPath DIR JOBID} while the streams are
     * still running (the first {@link #HELD_FROM_STEP} steps of each published, no end yet; the client
     * sees the stop and ends), the rest published, then {@code flink run -d -s SAVEPOINT -p 3}
     * (detached: the client only submits), {@code consume} until every stream has ended and
     * {@code flink stop --drain}. The outputs topic holds every step of every stream once
     * ({@code consume} refuses a gap or a repeat), equal to run bit for bit.
     */
    @Test
    void stoppedWithASavepointAtParallelismTwoAndResumedDetachedAtThreeItEqualsRunBitForBit() throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-branch");
        Path events = events(model, "rescale-in.npz");
        String bootstrap = BROKER.get().bootstrap();
        HeldEventsInput held = new HeldEventsInput(EventsFile.read(events), "rescale-in.npz", HELD_FROM_STEP);
        CompletableFuture<Void> publish = CompletableFuture.runAsync(() -> {
            try (SpikeTopicWriter w = new SpikeTopicWriter(bootstrap, "rescale-in", 2, false)) {
                SpikePublisher.publish(held, null, "rescale-in.npz", w, false, ProgressMeter.silent("steps", -1), null);
            }
        });
        List<String> job = List.of(MAIN, jar(), "--model", model.toString(), "--input", "kafka://" + bootstrap + "/rescale-in",
            "--output", "kafka://" + bootstrap + "/rescale-out", "--neurons", "3", "--checkpoint-ms", "100");
        String savepoints = tmp.resolve("savepoints").toUri().toString();
        try {
            Process first = start("client-p2", List.of(), CLI_FRONTEND, concat(List.of("run", "-p", "2", "-c"), job));
            awaitOutputs(bootstrap, "rescale-out", HELD_FROM_STEP / 2, first, "client-p2");
            String firstJob = matched("client-p2", "JobID ([0-9a-f]{32})");
            ended(start("stop", List.of(), CLI_FRONTEND, List.of("stop", "--savepointPath", savepoints, firstJob)), 60);
            String savepoint = matched("stop", "Savepoint completed\\. Path: (\\S+)");
            String stopped = ended(first, 60);
            assertTrue(stopped.contains("stopped after 0 of 3 streams ended"), stopped);

            held.release();
            Map<String, Integer> logsBefore = taskManagerLogLengths();
            String resumed = ended(start("client-p3", List.of(), CLI_FRONTEND,
                concat(List.of("run", "-d", "-s", savepoint, "-p", "3", "-c"), job)), 60);
            String resumedJob = matched("client-p3", "JobID ([0-9a-f]{32})");
            assertTrue(resumed.contains(", parallelism 3,") && resumed.contains("job " + resumedJob + " runs until stopped"), resumed);
            publish.get(60, TimeUnit.SECONDS);
            assertConsumedEqualsRun(model, events, "rescale-out"); // every stream has ended; the job still runs
            assertPopulationOnEveryTaskManager(logsBefore); // the savepoint's state restored on both
            ended(start("drain", List.of(), CLI_FRONTEND, List.of("stop", "--drain", "--savepointPath", savepoints, resumedJob)), 60);
        } finally {
            held.release();
        }

        // What needs the client to the end is refused when detached, before anything is submitted.
        Process npz = start("client-npz", List.of(), CLI_FRONTEND, List.of("run", "-d", "-c", MAIN, jar(), "--model",
            model.toString(), "--input", "kafka://" + bootstrap + "/rescale-in", "--output", tmp.resolve("x.npz").toString()));
        assertTrue(npz.waitFor(60, TimeUnit.SECONDS) && npz.exitValue() == 1, output("client-npz") + logsNamed());
        assertTrue(output("client-npz").contains("flink: error: flink run -d: --output " + tmp.resolve("x.npz")), output("client-npz"));
    }

    private static Path events(Path model, String name) {
        Path events = tmp.resolve(name);
        PipelineCommandsTest.ok("convert", model.resolve("input.npy").toString(), events.toString());
        return events;
    }

    private static String jar() {
        Path jar = Path.of("target", "elmkit-pipeline.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + ": the shaded jar (this test runs after package)");
        return jar.toString();
    }

    /** The outputs topic read read_committed by consume equals run on the events file, bit for bit. */
    private static void assertConsumedEqualsRun(Path model, Path events, String topic) throws IOException {
        Path fromCluster = tmp.resolve(topic + ".npz");
        Path fromRun = tmp.resolve(topic + "-run.npz");
        CapturedRun consumed = PipelineCommandsTest.ok("consume", "--bootstrap", BROKER.get().bootstrap(), "--topic", topic,
            "--output", fromCluster.toString(), "--timeout", "90");
        assertFalse(consumed.err().contains("--timeout"), consumed.err() + logsNamed());
        PipelineCommandsTest.ok("run", "--model", model.toString(), "--input", events.toString(), "--output", fromRun.toString(),
            "--neurons", "3");
        assertArrayEquals(PipelineCommandsTest.bits(PipelineCommandsTest.outputOf(fromRun)),
            PipelineCommandsTest.bits(PipelineCommandsTest.outputOf(fromCluster)), topic + ": outputs of the cluster's job vs run");
    }

    /** Waits until the committed outputs reach {@code step} in some stream (the job's state has moved on). */
    private static void awaitOutputs(String bootstrap, String topic, long step, Process client, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (SpikeTopicReader r = new SpikeTopicReader(bootstrap, topic, 1024, Duration.ofSeconds(90))) {
            r.header(Duration.ofSeconds(90));
            long latest = -1;
            while (latest < step) {
                assertTrue(client.isAlive(), name + " ended before the outputs reached step " + step + ":\n" + output(name) + logsNamed());
                assertTrue(System.nanoTime() < deadline, topic + ": the outputs reached step " + latest + " in 90 s, not " + step + logsNamed());
                SpikeRecord x = r.next(TimeUnit.MILLISECONDS.toNanos(200));
                if (x != null && x.kind() == SpikeRecord.Kind.BATCH) {
                    latest = Math.max(latest, x.batch().step());
                }
            }
        }
    }

    /** Waits for a client JVM (flink run, flink stop) to end with 0; returns its output. */
    private static String ended(Process p, long seconds) throws Exception {
        String name = NAMES.get(p);
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        assertTrue(done, "flink " + name + " did not end in " + seconds + " s:\n" + output(name) + logsNamed());
        assertEquals(0, p.exitValue(), "flink " + name + ":\n" + output(name) + logsNamed());
        return output(name);
    }

    /** The first group of {@code regex} in a JVM's output. */
    private static String matched(String name, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(output(name));
        assertTrue(m.find(), name + ": no " + regex + " in:\n" + output(name) + logsNamed());
        return m.group(1);
    }

    private static String output(String name) throws IOException {
        return Files.readString(LOGS.resolve(name + ".out"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Flink and its libraries, as a distribution's lib/ holds them: this test's class path without
     * elmkit's modules, the Kafka connector and clients (the job jar brings those) and the test tools.
     */
    private static String clusterClassPath() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> kept = new ArrayList<>();
        for (String e : entries) {
            String p = e.replace(File.separatorChar, '/');
            boolean jobOrTest = p.contains("/io/elmkit/") || p.contains("/target/") || p.contains("/org/apache/kafka/")
                || p.contains("flink-connector-kafka") || p.contains("/org/junit/") || p.contains("surefire")
                || p.contains("/org/opentest4j/") || p.contains("/org/apiguardian/");
            if (!jobOrTest) {
                kept.add(e);
            }
        }
        assertTrue(kept.stream().anyMatch(e -> e.contains("flink-runtime")), "flink-runtime on the test class path");
        return String.join(File.pathSeparator, kept);
    }

    /** The TaskManager's JVM flags and dynamic settings, as the distribution's taskmanager.sh gets them. */
    private static String[] taskManagerMemory() throws Exception {
        Process p = start("bashjavautils", List.of(), "org.apache.flink.runtime.util.bash.BashJavaUtils",
            List.of("GET_TM_RESOURCE_PARAMS", "--configDir", conf.toString()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "BashJavaUtils did not end");
        List<String> results = Files.readAllLines(LOGS.resolve("bashjavautils.out")).stream()
            .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
            .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
            .collect(Collectors.toList());
        assertEquals(2, results.size(), "BashJavaUtils: JVM flags and dynamic settings:\n"
            + Files.readString(LOGS.resolve("bashjavautils.out")));
        return results.toArray(new String[0]);
    }

    /** A JVM on the cluster's class path with the JVM flags of etc/ (env.java.opts.all), output under target/. */
    private static Process start(String name, List<String> jvmFlags, String mainClass, List<String> args) throws IOException {
        Path etc = Path.of(System.getProperty("elmkit.root"), "etc");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + etc.resolve("jvm.options"), "@" + etc.resolve("jvm-chronicle.options"), "@" + etc.resolve("jvm-flink.options")));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Dlog.file=" + LOGS.resolve(name + ".log"),
            "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri(), "-cp", classPath, mainClass));
        cmd.addAll(args);
        Files.deleteIfExists(LOGS.resolve(name + ".log"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(LOGS.resolve(name + ".out").toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        Process p = pb.start();
        NAMES.put(p, name);
        return p;
    }

    /** Each TaskManager's log length now, to tell what a job wrote there from what earlier jobs did. */
    private static Map<String, Integer> taskManagerLogLengths() {
        Map<String, Integer> lengths = new HashMap<>();
        for (String tm : TASK_MANAGERS) {
            lengths.put(tm, taskManagerLog(tm).length());
        }
        return lengths;
    }

    /**
     * Every TaskManager's log names, after {@code from}, a population subtask deployed there (the operator's
     * name as Flink logs a task it receives): the job ran on both.
     */
    private static void assertPopulationOnEveryTaskManager(Map<String, Integer> from) {
        for (String tm : TASK_MANAGERS) {
            assertTrue(taskManagerLog(tm).substring(from.get(tm)).contains("ELM population"),
                tm + " ran no population task of this job" + logsNamed());
        }
    }

    private static String taskManagerLog(String name) {
        try {
            return Files.readString(LOGS.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForSlots(int slots, List<Process> cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_S);
        String overview = "";
        while (System.nanoTime() < deadline) {
            for (Process p : cluster) {
                assertTrue(p.isAlive(), "a cluster process ended (exit " + (p.isAlive() ? "" : p.exitValue()) + ")" + logsNamed());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + restPort + "/overview").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                overview = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (overview.contains("\"slots-available\":" + slots)) {
                    return;
                }
            } catch (IOException notYet) {
                // the JobManager's REST endpoint is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the cluster did not offer " + slots + " slots in " + START_S + " s (" + overview + ")" + logsNamed());
    }

    private static String logsNamed() {
        return "\n(cluster logs: " + LOGS + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
