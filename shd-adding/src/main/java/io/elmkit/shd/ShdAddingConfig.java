package io.elmkit.shd;

/**
 * What an SHD-Adding run draws: seed, batch size, total pairs, bin width and pairing scheme.
 * Checked on construction; in {@link Compat#REFERENCE} mode pairs come in whole batches, so the
 * number of pairs must be a multiple of the batch size.
 *
 * @param seed non-negative seed ({@code numpy.random.default_rng(seed)} in reference mode)
 * @param batchSize pairs per batch (B)
 * @param numPairs total pairs (N)
 * @param binMs bin width in milliseconds
 * @param compat pairing scheme
 */
public record ShdAddingConfig(long seed, int batchSize, long numPairs, double binMs, Compat compat) {
    /** Default seed of the CLI and the reference. */
    public static final long DEFAULT_SEED = 0;
    /** Default batch size (the reference notebook's). */
    public static final int DEFAULT_BATCH_SIZE = 8;
    /** Default number of batches (one reference training epoch). */
    public static final int DEFAULT_BATCHES = 2000;
    /** Default bin width in milliseconds. */
    public static final double DEFAULT_BIN_MS = 2.0;

    /** Checks the values; see the class comment. */
    public ShdAddingConfig {
        if (seed < 0) {
            throw new IllegalArgumentException("seed: expected a non-negative integer, found " + seed);
        }
        if (batchSize < 1 || batchSize > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("batch size: expected 1.." + Integer.MAX_VALUE / 2 + ", found " + batchSize);
        }
        if (numPairs < 1 || numPairs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pairs: expected 1.." + Integer.MAX_VALUE + ", found " + numPairs);
        }
        if (!(binMs > 0) || Double.isInfinite(binMs)) {
            throw new IllegalArgumentException("bin_ms: expected a positive finite number of milliseconds, found " + binMs);
        }
        if (compat == null) {
            throw new IllegalArgumentException("compat: expected reference or native, found null");
        }
        if (compat == Compat.REFERENCE && numPairs % batchSize != 0) {
            throw new IllegalArgumentException("pairs: reference mode draws whole batches, expected a multiple of the batch size "
                + batchSize + ", found " + numPairs);
        }
    }

    /** A reference-mode run of {@code numBatches} batches. */
    public static ShdAddingConfig reference(long seed, int batchSize, double binMs, long numBatches) {
        return new ShdAddingConfig(seed, batchSize, Math.multiplyExact(numBatches, (long) batchSize), binMs, Compat.REFERENCE);
    }

    /** Number of batches (the last may be partial in native mode). */
    public long numBatches() {
        return (numPairs + batchSize - 1) / batchSize;
    }
}
