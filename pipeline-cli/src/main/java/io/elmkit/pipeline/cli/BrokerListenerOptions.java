package io.elmkit.pipeline.cli;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.pipeline.BrokerListener;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --listener-config FILE}: how {@code elmkit broker} secures its client listener (a picocli {@code @Mixin}). */
final class BrokerListenerOptions {
    @Option(names = "--listener-config", paramLabel = "FILE") Path file;

    /** The listener's security, checked; PLAINTEXT without a file. */
    BrokerListener load() throws InputFormatException {
        return BrokerListener.load(file);
    }
}
