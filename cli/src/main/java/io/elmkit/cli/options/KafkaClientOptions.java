package io.elmkit.cli.options;

import io.elmkit.sim.engine.SpikeEndpoints;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}: Kafka client settings (security, tuning) for every Kafka client a
 * command opens (a picocli {@code @Mixin} of run, publish, consume and flink). The file is read and
 * checked by the pipeline module's {@code KafkaClientConfig}; {@code run} hands it to its
 * {@code kafka://} endpoints as {@code kafka://HOST:PORT/TOPIC?config=FILE}.
 */
public final class KafkaClientOptions {
    @Option(names = "--kafka-config", paramLabel = "FILE") Path file;

    /** {@code uri} naming the settings file ({@code kafka://HOST:PORT/TOPIC?config=FILE}); other URIs and no file: unchanged. */
    public URI applyTo(URI uri) {
        if (file == null || uri == null || !"kafka".equalsIgnoreCase(uri.getScheme())) {
            return uri;
        }
        if (uri.getQuery() != null) {
            throw new IllegalArgumentException("--kafka-config: " + uri + " already names its settings (" + uri.getQuery()
                + "); give one of the two");
        }
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(),
                SpikeEndpoints.CONFIG_PARAMETER + "=" + file, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--kafka-config: " + file + " cannot go into " + uri + ": " + e.getReason(), e);
        }
    }

    /** The settings file, null when none was given. */
    public Path file() {
        return file;
    }
}
