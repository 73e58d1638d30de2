package io.elmkit.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft combined mode: broker and controller in one
 * process), started in this JVM and bound to 127.0.0.1 only: for local pipelines, the quickstart and
 * tests. Its log directory is formatted on first start (a fresh cluster id) and reused afterwards, so
 * {@link #restart()} (or a new broker on the same directory and port) keeps every committed record.
 * Internal topics are sized for one node (replication 1, few partitions) so that transactions and
 * consumer groups start quickly.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private final Path dir;
    private final int port;
    /** Name of the listener clients reach (its security: {@link #listener}). */
    private static final String CLIENT_LISTENER = "CLIENT";
    private final int controllerPort;
    private final BrokerListener listener;
    private KafkaRaftServer server;

    private EmbeddedBroker(Path dir, int port, int controllerPort, BrokerListener listener) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.listener = listener;
    }

    /**
     * Starts a broker on {@code port} (0: a free port) with its data under {@code dir} (created; an
     * existing broker directory is reused, anything else there is left alone).
     */
    public static EmbeddedBroker start(Path dir, int port) throws IOException {
        return start(dir, port, BrokerListener.PLAINTEXT);
    }

    /**
     * Starts a broker whose client listener is secured as {@code listener} says (TLS, SASL/PLAIN users);
     * the controller's own listener stays PLAINTEXT on 127.0.0.1, inside this process's node.
     */
    public static EmbeddedBroker start(Path dir, int port, BrokerListener listener) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: expected 0 .. 65535, found " + port);
        }
        int p = port == 0 ? freePort() : port;
        int controller = freePort();
        while (controller == p) {
            controller = freePort();
        }
        EmbeddedBroker broker = new EmbeddedBroker(dir, p, controller, listener);
        broker.startServer();
        return broker;
    }

    /** A port free now (the broker binds it a moment later). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:PORT}, the bootstrap address clients use. */
    public String bootstrap() {
        return HOST + ":" + port;
    }

    /** How the client listener is secured. */
    public BrokerListener listener() {
        return listener;
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    /** The broker's log directory. */
    public Path dir() {
        return dir;
    }

    /** Whether the broker is up. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    private Path logDir() {
        return dir.resolve("kraft-combined-logs");
    }

    private synchronized void startServer() throws IOException {
        if (server != null) {
            return;
        }
        Files.createDirectories(dir);
        Path logs = logDir();
        Properties props = config(logs);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(logs);
        }
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            try {
                s.shutdown();
            } catch (RuntimeException ignored) {
                // the start failure is the one to report
            }
            throw new IllegalStateException("broker on " + bootstrap() + " (" + dir + ") did not start: " + e.getMessage(), e);
        }
        server = s;
    }

    private Properties config(Path logs) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":" + listener.protocol() + ",CONTROLLER:PLAINTEXT");
        listener.applyTo(p, CLIENT_LISTENER);
        p.put("log.dirs", logs.toString());
        p.put("num.partitions", "4");
        // One node: internal topics with one replica and few partitions (fast first group and transaction).
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // One node: a controlled shutdown cannot hand leadership to anyone; it would only mark every partition
        // leaderless (and bump its epoch), which an idempotent producer in flight reads as lost sequence numbers.
        // The node stops as it is instead, flushing its logs, and leads its partitions again when it restarts.
        p.put("controlled.shutdown.enable", "false");
        return p;
    }

    private void format(Path logs) throws IOException {
        try {
            new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logs.toString()))
                .setMetadataLogDirectory(logs.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        } catch (Exception e) {
            throw new IOException(dir + ": formatting the broker's log directory failed: " + e.getMessage(), e);
        }
    }

    /** Stops the broker (its data stays in {@link #dir()}); idempotent. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
    }

    /** Stops and starts again on the same directory and port: committed records survive. */
    public void restart() {
        stop();
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
