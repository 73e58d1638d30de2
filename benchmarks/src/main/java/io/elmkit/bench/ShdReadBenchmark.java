package io.elmkit.bench;

import io.elmkit.io.shd.JhdfShdSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening an SHD file and reading one sample: lazily ({@link JhdfShdSamples#open}: labels,
 * metadata and that sample's variable-length data only) versus eagerly ({@link JhdfShdSamples#read}:
 * every sample decoded). One operation = open + one sample's times and units + close; the sample
 * index moves on every operation. The file is {@code -p file=...}, by default the shared
 * {@code shd/shd_train.h5} ({@code -Delmkit.shared}, else {@code ../shared}).
 *
 * <pre>
 *   java @etc/jvm.options -jar benchmarks/target/benchmarks.jar ShdReadBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ShdReadBenchmark extends BenchmarkDefaults {

    /** The SHD file; empty for the shared train file. */
    @Param({""})
    public String file;

    private Path path;
    private int size;
    private int next;

    /** Finds the SHD file to read. */
    @Setup
    public void setUp() throws IOException {
        path = file.isEmpty()
            ? Path.of(System.getProperty("elmkit.shared", "../shared")).resolve("shd/shd_train.h5")
            : Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + ": no SHD file here; give one with -p file=... or -Delmkit.shared=...");
        }
        try (JhdfShdSamples samples = JhdfShdSamples.open(path)) {
            size = samples.size();
        }
    }

    private int nextIndex() {
        next = (next + 97) % size;
        return next;
    }

    /** Open lazily, read one sample, close. */
    @Benchmark
    public int lazyOpenReadOne() throws IOException {
        int index = nextIndex();
        try (JhdfShdSamples samples = JhdfShdSamples.open(path)) {
            return samples.timesSeconds(index).length + samples.units(index).length;
        }
    }

    /** Read the whole file, then one sample. */
    @Benchmark
    public int eagerReadAllThenOne() throws IOException {
        int index = nextIndex();
        JhdfShdSamples samples = JhdfShdSamples.read(path);
        return samples.timesSeconds(index).length + samples.units(index).length;
    }
}
