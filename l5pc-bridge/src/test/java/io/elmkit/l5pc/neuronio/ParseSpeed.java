package io.elmkit.l5pc.neuronio;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parsing speed of a NeuronIO file (MB/s), for the comparison with Python's pickle.load + parse
 * (benchmarks/python/bench_neuronio_parse.py). Not a test: run by hand with the test classpath,
 * e.g. {@code mvn -q -pl l5pc-bridge -am test-compile exec:java} is not set up; see README.
 */
public final class ParseSpeed {
    private ParseSpeed() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double sizeMb = Files.size(file) / 1e6;
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long[] spikes = {0};
            NeuronioFile.read(file, sim -> spikes[0] += sim.inputSpikeCount());
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("java NeuronioFile.read: %.3f s for %.1f MB = %.1f MB/s%n", best, sizeMb, sizeMb / best);
    }
}
