package io.elmkit.bench;

import io.elmkit.l5pc.neuronio.NeuronioFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a NeuronIO pickle (the streaming protocol-2 reader) into simulations: one op = one file.
 * MB/s = ops/s x file size (printed at setup). The file: {@code -Delmkit.neuronio=FILE}, default
 * {@code ../shared/neuron/l5pc_seed101.p}. Baseline: {@code benchmarks/python/bench_neuronio_parse.py}
 * (pickle.load + the reference's parse), run in the same session.
 */
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx4g"})
public class NeuronioParseBenchmark extends BenchmarkDefaults {
    private Path file;

    /** Finds the NeuronIO file to parse. */
    @Setup
    public void setUp() throws IOException {
        file = Path.of(System.getProperty("elmkit.neuronio", "../shared/neuron/l5pc_seed101.p"));
        if (!Files.exists(file)) {
            throw new IOException(file + ": not found (set -Delmkit.neuronio=FILE)");
        }
        System.out.printf("%n%s: %.1f MB%n", file, Files.size(file) / 1e6);
    }

    /** Parses the file once. */
    @Benchmark
    public long parse() throws IOException {
        long[] spikes = {0};
        NeuronioFile.read(file, sim -> spikes[0] += sim.inputSpikeCount());
        return spikes[0];
    }
}
