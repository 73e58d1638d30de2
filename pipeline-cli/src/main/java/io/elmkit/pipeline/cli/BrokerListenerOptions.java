package io.elmkit.pipeline.cli;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.pipeline.BrokerListener;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --listener-config FILE}: how {@code elmkit broker} secures its client listener (a picocli {@code @Mixin}). */
final class BrokerListenerOptions {
    @Option(names = "--listener-config", paramLabel = "FILE",
        description = "Secure the client listener, for trying a secured cluster locally: a .properties file with"
            + " security.protocol (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL), for SSL the broker's ssl.keystore.location"
            + " and ssl.keystore.password and an ssl.truststore.location and ssl.truststore.password that trust its own"
            + " certificate (ssl.client.auth for client certificates), for SASL the"
            + " PLAIN users as sasl.plain.user.NAME=PASSWORD (README \"Pipelines\"; default: none, PLAINTEXT).")
    Path file;

    /** The listener's security, checked; PLAINTEXT without a file. */
    BrokerListener load() throws InputFormatException {
        return BrokerListener.load(file);
    }
}
