package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.sim.engine.SpikeEndpoints;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Kafka client settings from a properties file ({@code --kafka-config FILE}): what a user's cluster asks
 * of its clients (security.protocol, ssl.truststore.*, sasl.mechanism, sasl.jaas.config, ...) and client
 * tuning, for every producer, consumer and admin client elmkit opens on that cluster. Checked when read:
 * every key must be a setting of Kafka's producer, consumer or admin client and parse as Kafka would
 * parse it; keys elmkit sets itself (the address, the serializers, and the delivery guarantees its
 * formats rely on) are refused; key and trust stores must be readable files; a SASL protocol needs
 * sasl.jaas.config. Errors are one line naming the file, the key, what was expected and what was found,
 * never the value of a secret (Kafka's password settings, anything named like a password or JAAS entry).
 */
public final class KafkaClientConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** No file: Kafka's defaults (PLAINTEXT, no authentication). */
    public static final KafkaClientConfig NONE = new KafkaClientConfig("(none)", Map.of());

    /** Settings elmkit sets itself: from --bootstrap, its formats, or the guarantees its tests check. */
    static final Set<String> RESERVED = Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ConsumerConfig.MAX_POLL_RECORDS_CONFIG);

    /** Which client a setting goes to. */
    public enum Client {
        /** A KafkaProducer. */
        PRODUCER(ProducerConfig.configDef()),
        /** A KafkaConsumer. */
        CONSUMER(ConsumerConfig.configDef()),
        /** An Admin client. */
        ADMIN(AdminClientConfig.configDef());

        private final ConfigDef def;

        Client(ConfigDef def) {
            this.def = def;
        }
    }

    private final String source;
    private final Map<String, String> settings;

    private KafkaClientConfig(String source, Map<String, String> settings) {
        this.source = source;
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** Reads and checks {@code file}; null: {@link #NONE}. */
    public static KafkaClientConfig load(Path file) throws InputFormatException {
        if (file == null) {
            return NONE;
        }
        String name = file.toString();
        Map<String, String> settings = SettingsFile.read(file, "Kafka client settings");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            check(name, e.getKey(), e.getValue());
        }
        checkTogether(name, settings);
        return new KafkaClientConfig(name, settings);
    }

    /**
     * The settings file named by a {@code kafka://HOST:PORT/TOPIC?config=FILE} address (its only
     * query parameter), else {@link #NONE}; errors name {@code option}.
     */
    public static KafkaClientConfig fromUri(String option, URI uri) throws InputFormatException {
        String q = uri.getQuery();
        if (q == null || q.isEmpty()) {
            return NONE;
        }
        String prefix = SpikeEndpoints.CONFIG_PARAMETER + "=";
        if (!q.startsWith(prefix) || q.length() == prefix.length()) {
            throw new IllegalArgumentException(option + ": expected kafka://HOST:PORT/TOPIC or kafka://HOST:PORT/TOPIC?"
                + prefix + "FILE, found the query '" + q + "'");
        }
        return load(Path.of(q.substring(prefix.length())));
    }

    private static ConfigDef.ConfigKey definition(String key) {
        for (Client c : Client.values()) {
            ConfigDef.ConfigKey k = c.def.configKeys().get(key);
            if (k != null) {
                return k;
            }
        }
        return null;
    }

    private static void check(String file, String key, String value) throws InputFormatException {
        if (RESERVED.contains(key)) {
            throw new InputFormatException(file, key, "a setting elmkit leaves to the cluster's clients (it sets "
                + String.join(", ", RESERVED.stream().sorted().toList())
                + " itself)", "that key");
        }
        ConfigDef.ConfigKey def = definition(key);
        if (def == null) {
            throw new InputFormatException(file, key, "a setting of Kafka's producer, consumer or admin client"
                + " (https://kafka.apache.org/documentation/#configuration)", "an unknown key");
        }
        try {
            Object parsed = ConfigDef.parseType(key, value, def.type);
            if (def.validator != null) {
                def.validator.ensureValid(key, parsed);
            }
        } catch (ConfigException e) {
            String expected = def.validator != null ? def.validator.toString() : def.type.toString().toLowerCase(java.util.Locale.ROOT);
            throw new InputFormatException(file, key, expected.isEmpty() ? "a " + def.type : expected, shown(key, def, value));
        }
        if ((key.equals("ssl.truststore.location") || key.equals("ssl.keystore.location")) && !value.isEmpty()) {
            Path store = Path.of(value);
            if (!Files.isRegularFile(store) || !Files.isReadable(store)) {
                throw new InputFormatException(file, key, "a readable key or trust store file", value + " (none there)");
            }
        }
    }

    private static void checkTogether(String file, Map<String, String> s) throws InputFormatException {
        SecurityProtocol protocol = SecurityProtocol.forName(s.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            "PLAINTEXT"));
        boolean sasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        if (sasl && !s.containsKey("sasl.jaas.config")) {
            throw new InputFormatException(file, "sasl.jaas.config", "the client's login (e.g. "
                + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"U\" password=\"P\";) with"
                + " security.protocol=" + protocol, "none");
        }
    }

    /** A value as an error may show it: secrets never. */
    private static String shown(String key, ConfigDef.ConfigKey def, String value) {
        return isSecret(key, def) ? "(a value, not shown: a secret)" : "'" + value + "'";
    }

    private static boolean isSecret(String key, ConfigDef.ConfigKey def) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return (def != null && def.type == ConfigDef.Type.PASSWORD) || k.contains("password") || k.contains("jaas")
            || k.contains("secret") || k.contains("token");
    }

    /** The settings of this file that {@code client} knows, added to {@code target} (elmkit's own settings stay). */
    public Properties applyTo(Properties target, Client client) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (client.def.configKeys().containsKey(e.getKey())) {
                target.put(e.getKey(), e.getValue());
            }
        }
        return target;
    }

    /** A setting's value, or {@code fallback} when the file does not set it. */
    public String get(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** The security protocol the clients speak (PLAINTEXT unless the file says otherwise). */
    public String securityProtocol() {
        return settings.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    /** The keys set (values left out: some are secrets). */
    public List<String> keys() {
        return List.copyOf(settings.keySet());
    }

    /** The file read, for messages ("(none)" without one). */
    public String source() {
        return source;
    }

    /** The file and its keys, never the values. */
    @Override
    public String toString() {
        return settings.isEmpty() ? "no Kafka client settings" : source + " (" + securityProtocol() + "; keys "
            + String.join(", ", settings.keySet()) + ")";
    }
}
