package io.elmkit.bench;

import io.elmkit.io.shd.ArrayShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.Compat;
import io.elmkit.shd.ProgressListener;
import io.elmkit.shd.ShdAddingBatch;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingGenerator;
import io.elmkit.shd.ShdAddingNpzWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHD-Adding throughput on a full-size SHD-like source held in memory (8156 samples of 5,000-15,000
 * spikes, float16-rounded times over 0..1.4 s, 700 channels; built in setup, no file): one
 * operation = 16,000 pairs (2000 batches of 8), reference draws, so ops/s x 16,000 = pairs/s.
 * Samples are binned once in setup (the cache), as in a real run after its first pass.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar ShdAddingBenchmark -f 1 -wi 1 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class ShdAddingBenchmark {
    /** Pairs per operation. */
    public static final int PAIRS = 16_000;

    /** Bin width in ms. */
    @Param({"1", "2"})
    public double binMs;

    private BinnedSamples binned;
    private Path npz;

    /** Bins a full-size synthetic SHD set and names a temporary .npz. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        binned = new BinnedSamples(fullSizeShd(2024), ReferenceBinning.ofBinMs(binMs));
        binned.binAll(Runtime.getRuntime().availableProcessors());
        npz = Files.createTempFile("shd-adding-bench", ".npz");
    }

    /** Deletes the temporary .npz. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(npz);
    }

    /** Sparse batches for training, no file: the library API. */
    @Benchmark
    public long generateBatches() {
        ShdAddingGenerator generator = new ShdAddingGenerator(binned, new ShdAddingConfig(0, 8, PAIRS, binMs, Compat.REFERENCE));
        ShdAddingBatch batch = generator.newBatch();
        long events = 0;
        while (generator.next(batch)) {
            events += batch.numEvents();
        }
        return events;
    }

    /** The whole .npz output (three passes over the draws, the events written once). */
    @Benchmark
    public long writeNpz() throws IOException {
        return new ShdAddingNpzWriter(binned, new ShdAddingConfig(0, 8, PAIRS, binMs, Compat.REFERENCE)).write(npz, ProgressListener.NONE);
    }

    /** The in-memory full-size SHD-like samples. */
    public static ShdSamples fullSizeShd(long seed) {
        int n = 8156;
        float[][] times = new float[n][];
        int[][] units = new int[n][];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int spikes = random.nextInt(5000, 15001);
            float[] t = new float[spikes];
            int[] u = new int[spikes];
            for (int s = 0; s < spikes; s++) {
                t[s] = io.elmkit.io.nd.Half.toFloat(io.elmkit.io.nd.Half.fromFloat((float) Math.pow(random.nextDouble() * 1.4, 1.5)));
                u[s] = random.nextInt(700);
            }
            java.util.Arrays.sort(t);
            times[i] = t;
            units[i] = u;
            labels[i] = random.nextInt(20);
        }
        return new ArrayShdSamples("in-memory full-size SHD-like samples", 700, labels, times, units);
    }
}
