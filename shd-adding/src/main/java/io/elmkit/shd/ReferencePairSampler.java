package io.elmkit.shd;

import io.elmkit.shd.rng.NumpyGenerator;

/**
 * The official loader's draws: {@code rng = numpy.random.default_rng(seed)} once, then per batch
 * {@code idx = rng.integers(low=0, high=n, size=2B)}; pair i of the batch is
 * {@code (idx[i], idx[B + i])}.
 */
final class ReferencePairSampler implements PairSampler {
    private final NumpyGenerator rng;
    private final int numSamples;
    private final int batchSize;
    private final long[] drawn;
    private long nextPair;

    ReferencePairSampler(long seed, int numSamples, int batchSize) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed: expected a non-negative integer (NumPy's default_rng), found " + seed);
        }
        if (numSamples <= 0) {
            throw new IllegalArgumentException("numSamples: expected >= 1, found " + numSamples);
        }
        if (batchSize <= 0 || batchSize > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("batch size: expected 1.." + Integer.MAX_VALUE / 2 + ", found " + batchSize);
        }
        this.rng = NumpyGenerator.defaultRng(seed);
        this.numSamples = numSamples;
        this.batchSize = batchSize;
        this.drawn = new long[2 * batchSize];
    }

    @Override
    public void nextPairs(long firstPair, int count, int[] first, int[] second) {
        if (firstPair != nextPair || count != batchSize) {
            throw new IllegalStateException("reference draws come in whole batches in order: expected pairs " + nextPair + ".."
                + (nextPair + batchSize - 1) + ", asked for " + firstPair + ".." + (firstPair + count - 1));
        }
        rng.integers(0, numSamples, drawn, 0, drawn.length);
        for (int i = 0; i < batchSize; i++) {
            first[i] = (int) drawn[i];
            second[i] = (int) drawn[batchSize + i];
        }
        nextPair += batchSize;
    }

    @Override
    public Compat compat() {
        return Compat.REFERENCE;
    }

    @Override
    public String description() {
        return "reference: numpy.random.default_rng(seed), integers(0, n, size=2*batch_size) per batch, pair i = (idx[i], idx[batch_size+i])";
    }
}
