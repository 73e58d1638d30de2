package io.elmkit.shd;

/** How SHD-Adding pairs are drawn. */
public enum Compat {
    /**
     * Bit for bit the official loader: one {@code numpy.random.default_rng(seed)}, then
     * {@code integers(0, n, size=2B)} per batch, pair i = (idx[i], idx[B + i]). Pairs come in whole
     * batches and depend on the batch size.
     */
    REFERENCE,
    /**
     * Counter-based: pair p draws its two samples from its own SplitMix64 stream seeded from
     * (seed, p), with unbiased bounded draws. Pairs do not depend on the batch size or on the order
     * of generation (any pair can be made alone, in parallel), and any number of pairs is allowed.
     */
    NATIVE
}
