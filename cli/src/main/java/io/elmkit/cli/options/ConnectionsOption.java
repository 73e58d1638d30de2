package io.elmkit.cli.options;

import io.elmkit.sim.network.Network;
import io.elmkit.sim.network.NetworkFile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --connections FILE}: the neuron-to-neuron connections of {@code run} and {@code flink}, a
 * connections {@code .npz} ({@link NetworkFile}; a picocli {@code @Mixin}).
 */
public final class ConnectionsOption {
    @Option(names = "--connections", paramLabel = "FILE") Path file;

    /** The file given, or null for none. */
    public Path file() {
        return file;
    }

    /**
     * The connections for {@code streams} streams of {@code neuronsPerStream} neurons with
     * {@code numInput} inputs, or null when none were asked for. Connections carry spikes, so they need
     * a spike rule ({@code spiking}): without one no connection would ever deliver anything.
     */
    public Network read(long streams, int neuronsPerStream, int numInput, boolean spiking) throws IOException {
        if (file == null) {
            return null;
        }
        if (!spiking) {
            throw new IllegalArgumentException("--connections " + file + ": connections carry spikes, so they need a spike"
                + " rule: add --spike-threshold P (neurons without one never spike)");
        }
        return NetworkFile.read(file, streams, neuronsPerStream, numInput);
    }
}
