package io.elmkit.shd;

/**
 * Draws the sample indices of SHD-Adding pairs. Instances are stateful and single-threaded; a
 * fresh one (from {@link #create(Compat, long, int, int)}) replays the same pairs.
 */
public interface PairSampler {

    /**
     * Draws the pairs {@code firstPair .. firstPair + count - 1} into {@code first[0 .. count)} and
     * {@code second[0 .. count)}.
     *
     * @throws IllegalStateException if this sampler cannot produce those pairs (the reference
     *     sampler draws whole batches in order only)
     */
    void nextPairs(long firstPair, int count, int[] first, int[] second);

    /** Which scheme this is. */
    Compat compat();

    /** One line saying how pairs are drawn, for the output's metadata. */
    String description();

    /** A sampler of pairs from {@code numSamples} samples, for batches of {@code batchSize} pairs. */
    static PairSampler create(Compat compat, long seed, int numSamples, int batchSize) {
        switch (compat) {
            case REFERENCE: return new ReferencePairSampler(seed, numSamples, batchSize);
            case NATIVE: return new NativePairSampler(seed, numSamples);
            default: throw new IllegalArgumentException("compat: unknown " + compat);
        }
    }
}
