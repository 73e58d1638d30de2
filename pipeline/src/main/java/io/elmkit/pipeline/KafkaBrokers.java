package io.elmkit.pipeline;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * Whether a Kafka broker answers at HOST:PORT, asked once before a command waits for a topic: a
 * missing broker fails in seconds with one line naming the address, rather than after the client's
 * minute of retries. The wait is {@code -Delmkit.kafka.connect-s=S} (default {@value #DEFAULT_CONNECT_S} s).
 */
public final class KafkaBrokers {
    /** Seconds a command waits for a broker to answer at all, unless elmkit.kafka.connect-s says otherwise. */
    public static final long DEFAULT_CONNECT_S = 5;

    private KafkaBrokers() {
    }

    /** The wait for a first answer: elmkit.kafka.connect-s (1 .. 3600 s), default {@value #DEFAULT_CONNECT_S} s. */
    public static Duration connectWait() {
        return Duration.ofSeconds(SystemSetting.get("elmkit.kafka.connect-s", DEFAULT_CONNECT_S, 1, 3600));
    }

    /**
     * Returns the number of brokers in the cluster behind {@code bootstrap}, or fails with one line
     * naming it and {@code topic} when none answers within {@link #connectWait()}.
     */
    public static int require(String bootstrap, String topic) {
        return require(bootstrap, topic, KafkaClientConfig.NONE);
    }

    /**
     * {@link #require(String, String)} with the client settings of {@code client} (security): a broker
     * that refuses them fails at once with one line naming the settings file, never with the wait.
     */
    public static int require(String bootstrap, String topic, KafkaClientConfig client) {
        Duration wait = connectWait();
        Properties p = client.applyTo(new Properties(), KafkaClientConfig.Client.ADMIN);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(wait.toMillis()));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(wait.toMillis()));
        try (Admin admin = create(p, bootstrap, client)) {
            return admin.describeCluster().nodes().get(wait.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException a) {
                throw refused(bootstrap, client, a);
            }
            throw noBroker(bootstrap, topic, wait, client);
        } catch (TimeoutException e) {
            throw noBroker(bootstrap, topic, wait, client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + bootstrap + " for a Kafka broker", e);
        }
    }

    /** The one-line error of a broker that did not answer. */
    public static IllegalStateException noBroker(String bootstrap, String topic, Duration waited) {
        return noBroker(bootstrap, topic, waited, KafkaClientConfig.NONE);
    }

    /** {@link #noBroker(String, String, Duration)} naming the security protocol and settings file of {@code client}. */
    public static IllegalStateException noBroker(String bootstrap, String topic, Duration waited,
                                                 KafkaClientConfig client) {
        String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
        return new IllegalStateException("no Kafka broker answered at " + bootstrap + " within " + waited.toSeconds()
            + " s (expected one serving topic " + topic + " over " + client.securityProtocol() + "; start one with"
            + " `elmkit broker --port " + port + "`, check that its listener speaks " + client.securityProtocol()
            + (client == KafkaClientConfig.NONE ? " (a secured cluster needs --kafka-config FILE)" : " as " + client.source()
            + " says") + ", or wait longer with -Delmkit.kafka.connect-s=S)");
    }

    /** The one-line error of a broker that refused the client's credentials or TLS handshake. */
    public static IllegalStateException refused(String bootstrap, KafkaClientConfig client, Throwable cause) {
        StringBuilder why = new StringBuilder(String.valueOf(cause.getMessage()));
        for (Throwable c = cause.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            why.append(": ").append(c.getMessage());
        }
        return new IllegalStateException("the Kafka broker at " + bootstrap + " refused the connection over "
            + client.securityProtocol() + " (settings: " + client.source() + "): " + why.toString().replaceAll("\\s+", " "));
        // No cause attached: the message carries Kafka's reason, and error handlers that print the deepest
        // cause (FlinkErrors) would show Kafka's bare line instead of the one naming address and settings.
    }

    /** An admin client; settings Kafka refuses to open with (an unreadable store) fail as one line. */
    static Admin create(Properties p, String bootstrap, KafkaClientConfig client) {
        try {
            return Admin.create(p);
        } catch (KafkaException e) {
            throw refused(bootstrap, client, e);
        }
    }
}
