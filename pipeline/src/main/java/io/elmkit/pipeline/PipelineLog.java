package io.elmkit.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Where Flink's, Kafka's (clients and the in-process broker) and elmkit's own log goes in the pipeline
 * jar: a file, never the terminal (which keeps the commands' progress and one-line errors). SLF4J goes to
 * Log4j 2 (log4j-slf4j2-impl), configured here: warnings and errors ({@code ELMKIT_LOG_LEVEL} for more),
 * appended to the file of {@code --log FILE}, {@code ELMKIT_LOG} or {@code -Delmkit.log}, by default to
 * a new file {@code elmkit-<date>-<time>-<pid>.log} in the temp directory. The file is made only when
 * something is logged (nothing written: no file) and only ever appended to, so nothing that was there is
 * lost. At the end of the JVM, stderr names it when the run logged anything.
 */
public final class PipelineLog {
    /** System property naming the log file (tests; the launcher's users set {@link #FILE_ENV}). */
    public static final String FILE_PROPERTY = "elmkit.log";
    /** Environment variable naming the log file (for commands without {@code --log}, e.g. {@code run --input kafka://...}). */
    public static final String FILE_ENV = "ELMKIT_LOG";
    /** Environment variable with the least level logged: error, warn (default), info, debug or trace. */
    public static final String LEVEL_ENV = "ELMKIT_LOG_LEVEL";

    private static Path file;
    /** The file of the environment (or the new one in the temp directory), chosen once per JVM. */
    private static Path environmentFile;
    private static Level level = Level.WARN;
    private static long sizeAtStart;
    private static boolean reportAtExit;
    private static boolean named;

    private PipelineLog() {
    }

    /**
     * {@code --log FILE} (null: as without the option): logs to that file from now on, at the level of
     * {@link #LEVEL_ENV}; a bad file or level is a one-line error here, before the command does any work.
     */
    public static synchronized Path use(Path requested) {
        Level wanted = level(System.getenv(LEVEL_ENV));
        Path target = requested != null ? checked(requested) : null;
        if (userConfiguration()) {
            return null; // the user's own Log4j configuration decides where the log goes
        }
        LogManager.getContext(false); // Log4j's own start: its configuration from the environment (fromEnvironment)
        if (target == null) {
            target = environmentFile;
        }
        boolean same = target.equals(file) && wanted == level;
        choose(target, wanted);
        if (!same) { // Log4j's start has configured this file and level already (saves a second start, ~0.1 s)
            Configurator.reconfigure(configuration());
        }
        return file;
    }

    /** Whether the user gave Log4j a configuration of their own ({@code -Dlog4j2.configurationFile}): then it applies, not ours. */
    static boolean userConfiguration() {
        for (String name : List.of("log4j2.configurationFile", "log4j.configurationFile")) { // the new and the old spelling
            String own = System.getProperty(name);
            if (own != null && !own.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The log file, null before Log4j was configured (and with the user's own configuration). */
    public static synchronized Path file() {
        return file;
    }

    /** Whether anything was written to the log file since this run chose it. */
    public static synchronized boolean wroteAny() {
        return file != null && size(file) > sizeAtStart;
    }

    /**
     * For an error line (cli's {@code ErrorLineSuffix}): {@code "; log: FILE"} when the run logged
     * something (the warnings around the failure), else nothing; stderr's note at the end then does not
     * repeat it.
     */
    public static synchronized String where() {
        if (!wroteAny()) {
            return "";
        }
        named = true;
        return "; log: " + file;
    }

    /**
     * The innermost cause logged with the last record of this run that contains {@code marker} (its last
     * "Caused by:" line, or the exception line after it, without class names), or null: for failures
     * whose exception only says "see the log", e.g. Flink's "Exceeded checkpoint tolerable failure
     * threshold". Reads at most the last {@value #TAIL_BYTES} bytes this run wrote.
     */
    public static synchronized String lastCause(String marker) {
        if (!wroteAny()) {
            return null;
        }
        String text;
        try (FileChannel ch = FileChannel.open(file)) {
            long from = Math.max(sizeAtStart, ch.size() - TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (ch.size() - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // reads the tail
            }
            text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        return LoggedCauses.last(text, marker);
    }

    private static final int TAIL_BYTES = 16 << 20;

    /**
     * Loggers whose warnings every local Flink run gives, with nothing for the user to do (no delegation
     * tokens; no web log file; an operator name over 80 characters in metrics; a metric name registered
     * twice; the collect client and its coordinator at the job's end: a finished job's MiniCluster asked
     * for its status, "some data might be lost", the client's socket closed, where `elmkit flink` checks
     * itself that every step of every stream arrived; Pekko's shutdown hook refused while the JVM exits, and
     * an RPC endpoint's executor refusing a command while the MiniCluster shuts down;
     * the Kafka source's note that it commits no offsets, which the job never asks of it):
     * kept at ERROR at the default level, so that the log (and stderr's note) means something.
     */
    static final List<String> ROUTINE_WARNINGS = List.of(
        "org.apache.flink.runtime.security.token.DefaultDelegationTokenManager",
        "org.apache.flink.runtime.webmonitor.WebMonitorUtils",
        "org.apache.flink.runtime.metrics.util.MetricUtils",
        "org.apache.flink.metrics.MetricGroup",
        "org.apache.flink.streaming.api.operators.collect.CollectResultFetcher",
        "org.apache.flink.streaming.api.operators.collect.CollectSinkOperatorCoordinator",
        "org.apache.pekko.actor.CoordinatedShutdown",
        "org.apache.flink.runtime.rpc.RpcEndpoint$MainThreadExecutor",
        "org.apache.flink.connector.kafka.source.reader.KafkaSourceReader");
    /** Log4j's configuration at its first use ({@link PipelineLogConfigurationFactory}), from the environment. */
    static synchronized Configuration fromEnvironment() {
        if (file != null) {
            return configuration(); // a further logger context (another class loader): the same file
        }
        Level wanted;
        try {
            wanted = level(System.getenv(LEVEL_ENV));
        } catch (IllegalArgumentException e) {
            System.err.println("elmkit: " + e.getMessage() + "; logging at warn");
            wanted = Level.WARN;
        }
        Path target;
        try {
            target = defaultFile();
        } catch (IllegalArgumentException e) {
            System.err.println("elmkit: " + e.getMessage() + "; logging to the temp directory instead");
            target = newFileInTemp();
        }
        environmentFile = target;
        choose(target, wanted);
        return configuration();
    }

    /** The level of {@code ELMKIT_LOG_LEVEL}'s value (null or blank: warn). */
    static Level level(String value) {
        if (value == null || value.isBlank()) {
            return Level.WARN;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "error": return Level.ERROR;
            case "warn": return Level.WARN;
            case "info": return Level.INFO;
            case "debug": return Level.DEBUG;
            case "trace": return Level.TRACE;
            default:
                throw new IllegalArgumentException(LEVEL_ENV + "=" + value + ": expected error, warn (default), info, debug"
                    + " or trace");
        }
    }

    /** The file of {@code -Delmkit.log} or {@code ELMKIT_LOG}, else a new one in the temp directory. */
    private static Path defaultFile() {
        String given = System.getProperty(FILE_PROPERTY);
        if (given == null || given.isBlank()) {
            given = System.getenv(FILE_ENV);
        }
        return given == null || given.isBlank() ? newFileInTemp() : checked(Path.of(given));
    }

    /** {@code elmkit-<date>-<time>-<pid>.log} in java.io.tmpdir, with a suffix if such a file is there already. */
    private static Path newFileInTemp() {
        String stem = "elmkit-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
            + "-" + ProcessHandle.current().pid();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path p = dir.resolve(stem + ".log");
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(stem + "-" + i + ".log");
        }
        return p;
    }

    /** A file to append to: not a directory, in a directory that exists. */
    private static Path checked(Path p) {
        Path abs = p.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("--log " + p + ": expected a file to append the log to, found a directory");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("--log " + p + ": expected a regular file to append the log to");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--log " + p + ": its directory " + dir + " does not exist");
        }
        return abs;
    }

    /** The file and level from now on (a command's run starts here); the first time, the note at the JVM's end. */
    private static void choose(Path target, Level wanted) {
        file = target;
        sizeAtStart = size(target); // what this run logs is what comes after
        level = wanted;
        if (!reportAtExit) {
            reportAtExit = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> reportAtExit(System.err), "elmkit-log-note"));
        }
    }

    /** One file appender (appending, made on the first event) for every logger, at the chosen level. */
    private static Configuration configuration() {
        Path target = file;
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("elmkit-pipeline");
        b.setStatusLevel(Level.ERROR); // Log4j's own trouble (e.g. the file cannot be written) still reaches stderr
        b.add(b.newAppender("file", "File")
            .addAttribute("fileName", target.toString())
            .addAttribute("append", true)
            .addAttribute("createOnDemand", true)
            .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %logger: %msg%n%throwable")));
        b.add(b.newRootLogger(level).add(b.newAppenderRef("file")));
        if (level == Level.WARN) {
            for (String quiet : ROUTINE_WARNINGS) {
                b.add(b.newLogger(quiet, Level.ERROR));
            }
        }
        return b.build(false);
    }

    private static synchronized void reportAtExit(PrintStream err) {
        if (!named && wroteAny()) {
            err.println("elmkit: Kafka, Flink or elmkit logged to " + file);
        }
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
