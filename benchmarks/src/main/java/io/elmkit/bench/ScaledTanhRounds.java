package io.elmkit.bench;

import io.elmkit.sim.step.ScaledTanh;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The memory units' scaled tanh ({@code ScaledTanh.valueRow}) over a row of 1,000 values, as the
 * batched kernel runs it, in rounds of 10^6 rows: prints ns per value per round. Not JMH: called
 * from a plain loop it reproduces what the engine and the Flink job ran into before the twelfth round's
 * fix of {@code ExactExp.tanhRow} (JDK 17: 5.0-5.2 ns per value with main c424988's classes, 1.8 ns
 * after; JDK 25 ~2.3; JMH's harness compiled the old code the fast way): docs/performance.md, "Kernels,
 * seventh pass".
 * {@code java @etc/jvm.options -cp benchmarks/target/benchmarks.jar io.elmkit.bench.ScaledTanhRounds [ROUNDS=8]}.
 */
public final class ScaledTanhRounds {
    private static final int VALUES = 1000;
    private static final int ROWS_PER_ROUND = 1_000_000;

    private ScaledTanhRounds() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        float[] source = new float[VALUES];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < VALUES; i++) {
            source[i] = (float) ((random.nextDouble() - 0.5) * 8); // mostly within a few units of 0, as a unit's input
        }
        float[] row = new float[VALUES];
        ScaledTanh.Scratch scratch = new ScaledTanh.Scratch(VALUES);
        double checksum = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < ROWS_PER_ROUND; r++) {
                System.arraycopy(source, 0, row, 0, VALUES);
                ScaledTanh.valueRow(row, VALUES, scratch);
                checksum += row[r % VALUES];
            }
            double nsPerValue = (System.nanoTime() - start) / (double) ROWS_PER_ROUND / VALUES;
            System.out.printf(Locale.ROOT, "round %d: %.2f ns per value (checksum %.3f)%n", round, nsPerValue, checksum);
        }
    }
}
