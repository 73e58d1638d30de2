package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How {@link EmbeddedBroker}'s client listener is secured ({@code elmkit broker --listener-config FILE}),
 * for trying elmkit against a secured cluster on one machine. A properties file: {@code
 * security.protocol} = PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; for SSL and SASL_SSL the broker's
 * {@code ssl.keystore.location} and {@code ssl.keystore.password} (also {@code ssl.key.password},
 * {@code ssl.keystore.type}), and {@code ssl.truststore.location} and {@code ssl.truststore.password}
 * of a trust store that trusts the broker's own certificate (Kafka checks at start that its
 * inter-broker listener, here the client listener, reaches itself), with {@code ssl.client.auth} for
 * client certificates; for SASL_PLAINTEXT and SASL_SSL one or more users of the PLAIN mechanism as {@code
 * sasl.plain.user.NAME = PASSWORD} (the first one is also the broker's own login). Anything else is
 * refused; errors are one line naming the file and key, never a password.
 */
public final class BrokerListener {
    /** No file: a PLAINTEXT listener, no authentication. */
    public static final BrokerListener PLAINTEXT = new BrokerListener("PLAINTEXT", Map.of(), Map.of());

    private static final String USER_PREFIX = "sasl.plain.user.";
    private static final Set<String> SSL_KEYS = Set.of("ssl.keystore.location", "ssl.keystore.password",
        "ssl.key.password", "ssl.keystore.type", "ssl.truststore.location", "ssl.truststore.password",
        "ssl.truststore.type", "ssl.client.auth");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    /** User names and passwords go into a JAAS line between double quotes: no quote, backslash or line break. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final String protocol;
    private final Map<String, String> ssl;
    private final Map<String, String> users;

    private BrokerListener(String protocol, Map<String, String> ssl, Map<String, String> users) {
        this.protocol = protocol;
        this.ssl = ssl;
        this.users = users;
    }

    /** Reads and checks {@code file}; null: {@link #PLAINTEXT}. */
    public static BrokerListener load(Path file) throws InputFormatException {
        if (file == null) {
            return PLAINTEXT;
        }
        String name = file.toString();
        Map<String, String> p = SettingsFile.read(file, "listener settings");
        String protocol = p.getOrDefault("security.protocol", "").toUpperCase(java.util.Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new InputFormatException(name, "security.protocol", "one of " + PROTOCOLS.stream().sorted().toList(), "'" + p.getOrDefault("security.protocol", "") + "'");
        }
        boolean tls = protocol.endsWith("SSL");
        boolean sasl = protocol.startsWith("SASL");
        Map<String, String> ssl = new TreeMap<>();
        Map<String, String> users = new LinkedHashMap<>();
        for (String key : p.keySet()) {
            String value = p.get(key);
            if (key.equals("security.protocol")) {
                continue;
            }
            if (SSL_KEYS.contains(key) && tls) {
                ssl.put(key, value);
            } else if (key.startsWith(USER_PREFIX) && sasl) {
                String user = key.substring(USER_PREFIX.length());
                if (!NAME.matcher(user).matches()) {
                    throw new InputFormatException(name, key, "a user name of 1 to 64 of A-Z a-z 0-9 . _ @ -", "'" + user + "'");
                }
                if (value.isEmpty() || value.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
                    throw new InputFormatException(name, key, "a password without \", \\ or control characters",
                        "one with them (not shown)");
                }
                users.put(user, value);
            } else {
                throw new InputFormatException(name, key, "security.protocol" + (tls ? ", ssl.keystore.*, ssl.truststore.*,"
                    + " ssl.key.password, ssl.client.auth" : "") + (sasl ? ", sasl.plain.user.NAME" : "")
                    + " (with security.protocol=" + protocol + ")", "that key");
            }
        }
        if (tls && (!ssl.containsKey("ssl.keystore.location") || !ssl.containsKey("ssl.keystore.password"))) {
            throw new InputFormatException(name, "ssl.keystore.location, ssl.keystore.password", "the broker's key store"
                + " and its password with security.protocol=" + protocol, "none");
        }
        if (tls && (!ssl.containsKey("ssl.truststore.location") || !ssl.containsKey("ssl.truststore.password"))) {
            // Kafka checks at start that its inter-broker listener (here the only one) can reach itself over TLS.
            throw new InputFormatException(name, "ssl.truststore.location, ssl.truststore.password", "a trust store that"
                + " trusts the broker's own certificate, and its password, with security.protocol=" + protocol
                + " (the client listener is also the broker's inter-broker listener)", "none");
        }
        for (String store : new String[] {"ssl.keystore.location", "ssl.truststore.location"}) {
            String path = ssl.get(store);
            if (path != null && !Files.isReadable(Path.of(path))) {
                throw new InputFormatException(name, store, "a readable key or trust store file", path + " (none there)");
            }
        }
        if (sasl && users.isEmpty()) {
            throw new InputFormatException(name, USER_PREFIX + "NAME", "at least one user = password with"
                + " security.protocol=" + protocol, "none");
        }
        return new BrokerListener(protocol, ssl, users);
    }

    /** The listener's security protocol. */
    public String protocol() {
        return protocol;
    }

    /** The SASL/PLAIN users' names (never their passwords). */
    public Set<String> users() {
        return users.keySet();
    }

    /** Adds the broker settings of listener {@code listener} (upper case) secured this way. */
    void applyTo(Properties broker, String listener) {
        String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
        for (Map.Entry<String, String> e : ssl.entrySet()) {
            broker.put(prefix + e.getKey(), e.getValue());
        }
        if (!users.isEmpty()) {
            broker.put("sasl.enabled.mechanisms", "PLAIN");
            broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            Map.Entry<String, String> self = users.entrySet().iterator().next();
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(self.getKey()).append("\" password=\"").append(self.getValue()).append('"');
            for (Map.Entry<String, String> u : users.entrySet()) {
                jaas.append(" user_").append(u.getKey()).append("=\"").append(u.getValue()).append('"');
            }
            broker.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
        }
    }

    @Override
    public String toString() {
        return protocol + (users.isEmpty() ? "" : " (SASL/PLAIN users " + String.join(", ", users.keySet()) + ")");
    }
}
