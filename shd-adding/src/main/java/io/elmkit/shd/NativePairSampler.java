package io.elmkit.shd;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Counter-based pairs: pair p draws (first, second) with two unbiased {@code nextInt(n)} calls on
 * its own SplitMix64 generator (Apache Commons RNG) seeded with {@code mix(seed, p)}. Any pair can be
 * produced alone, so the pairs depend neither on the batch size nor on the order of generation.
 */
final class NativePairSampler implements PairSampler {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seedKey;
    private final int numSamples;

    NativePairSampler(long seed, int numSamples) {
        if (numSamples <= 0) {
            throw new IllegalArgumentException("numSamples: expected >= 1, found " + numSamples);
        }
        this.seedKey = mix64(seed ^ 0x5348442D41646464L); // "SHD-Addd": separates these streams from other uses of seed
        this.numSamples = numSamples;
    }

    @Override
    public void nextPairs(long firstPair, int count, int[] first, int[] second) {
        for (int i = 0; i < count; i++) {
            UniformRandomProvider pairRng = RandomSource.SPLIT_MIX_64.create(pairSeed(firstPair + i));
            first[i] = pairRng.nextInt(numSamples);
            second[i] = pairRng.nextInt(numSamples);
        }
    }

    /** The seed of pair {@code pair}'s generator: the pair number mixed with the run's seed. */
    long pairSeed(long pair) {
        return mix64(seedKey + GOLDEN_GAMMA * (pair + 1));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer (as SplitMix64's output function). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public Compat compat() {
        return Compat.NATIVE;
    }

    @Override
    public String description() {
        return "native: pair p uses its own SplitMix64 (Apache Commons RNG) seeded with mix64(mix64(seed ^ 0x5348442D41646464)"
            + " + 0x9E3779B97F4A7C15 * (p + 1)); first = nextInt(n), second = nextInt(n); independent of batch size";
    }
}
