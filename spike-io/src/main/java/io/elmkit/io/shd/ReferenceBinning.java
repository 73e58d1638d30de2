package io.elmkit.io.shd;

/**
 * The time binning of the reference SHD loaders, reproduced exactly.
 *
 * <p>What the reference computes (Python, float64 throughout):
 * <pre>
 *   step  = bin_ms / 1000
 *   edges = np.arange(0, 1.0 + step, step)       # length ceil((1.0 + step) / step), edges[i] = i * step
 *                                                # (1.0 is the reference's max_time)
 *   bins  = np.digitize(times, edges) - 1        # = (number of edges &lt;= t) - 1
 *   dense[bins, units] += 1, then the last bin (index len(edges) - 1) is cut off
 * </pre>
 * so there are {@code T = len(edges) - 1} bins and a spike lands in bin {@code k} when
 * {@code edges[k] <= t < edges[k + 1]}; spikes with {@code t >= edges[T]} are dropped.
 *
 * <p>Why this class is identical: the edges are computed with the same float64 operations in the
 * same order ({@code 1.0 + step}, the division, {@code ceil}, then {@code i * step}, which is what
 * NumPy's arange fill does for a start of 0), and {@code digitize} on float16 or float32 times
 * against float64 edges compares the exactly widened time with each edge, which
 * {@link #binOf(double)} does too (a guess from {@code t / step}, then corrected against the stored
 * edges, so a time exactly on an edge goes to the bin that starts there). NumPy's own vectors
 * (every float16 value below 2 s, several bin sizes) are in the tests.
 *
 * <p>Note: when {@code bin_ms} does not divide 1000 the last edge lies past 1 s (3 ms bins: 334 bins,
 * last edge 1.002 s) and spikes up to that edge are kept, as in the reference.
 */
public final class ReferenceBinning {
    /** Upper limit on the number of bins, to keep the edge table and step indices reasonable. */
    public static final int MAX_BINS = 10_000_000;

    private final double binMs;
    private final double stepSeconds;
    private final double[] edgesSeconds;
    private final int numBins;

    private final double maxTimeSeconds;

    private ReferenceBinning(double binMs, double maxTimeSeconds) {
        this.binMs = binMs;
        this.maxTimeSeconds = maxTimeSeconds;
        this.stepSeconds = binMs / 1000;
        double stop = maxTimeSeconds + stepSeconds;
        double length = Math.ceil((stop - 0.0) / stepSeconds);
        if (!(length >= 2 && length <= MAX_BINS + 1.0)) {
            throw new IllegalArgumentException(
                "bin_ms: expected a bin giving 1 to " + MAX_BINS + " bins over " + maxTimeSeconds + " s, found " + binMs + " ms ("
                    + (length - 1) + " bins)");
        }
        this.edgesSeconds = new double[(int) length];
        for (int i = 0; i < edgesSeconds.length; i++) {
            edgesSeconds[i] = i * stepSeconds;
        }
        this.numBins = edgesSeconds.length - 1;
    }

    /**
     * The reference binning for bins of {@code binMs} milliseconds.
     *
     * @throws IllegalArgumentException if {@code binMs} is not a positive finite number or gives more
     *     than {@link #MAX_BINS} bins
     */
    public static ReferenceBinning ofBinMs(double binMs) {
        return of(binMs, 1.0);
    }

    /**
     * The reference binning with {@code max_time} = {@code maxTimeSeconds} instead of 1.0:
     * {@code np.arange(0, maxTimeSeconds + step, step)}. With 2.0 it bins a concatenated SHD-Adding
     * pair (shd-adding's {@code ConcatenatedPairs}).
     */
    public static ReferenceBinning of(double binMs, double maxTimeSeconds) {
        if (!(binMs > 0) || Double.isInfinite(binMs)) {
            throw new IllegalArgumentException("bin_ms: expected a positive finite number of milliseconds, found " + binMs);
        }
        if (!(maxTimeSeconds > 0) || Double.isInfinite(maxTimeSeconds)) {
            throw new IllegalArgumentException("max_time: expected a positive finite number of seconds, found " + maxTimeSeconds);
        }
        return new ReferenceBinning(binMs, maxTimeSeconds);
    }

    /** The reference's {@code max_time} in seconds (1.0 for SHD). */
    public double maxTimeSeconds() {
        return maxTimeSeconds;
    }

    /** The bin width in milliseconds, as given. */
    public double binMs() {
        return binMs;
    }

    /** The bin width in seconds ({@code binMs / 1000}). */
    public double stepSeconds() {
        return stepSeconds;
    }

    /** Number of bins T (time steps per digit). */
    public int numBins() {
        return numBins;
    }

    /** A copy of the T + 1 bin edges in seconds. */
    public double[] edgesSeconds() {
        return edgesSeconds.clone();
    }

    /** The last edge in seconds: spikes at or after it are dropped (1.0 when the bin divides 1000 ms). */
    public double cutoffSeconds() {
        return edgesSeconds[numBins];
    }

    /**
     * The bin of a spike at {@code timeSeconds}, or -1 when the reference drops it (at or after
     * {@link #cutoffSeconds()}, +inf included). The caller rejects negative and NaN times first.
     */
    public int binOf(double timeSeconds) {
        double[] edges = edgesSeconds;
        if (timeSeconds >= edges[numBins]) {
            return -1;
        }
        int k = (int) (timeSeconds / stepSeconds);
        if (k > numBins - 1) {
            k = numBins - 1;
        } else if (k < 0) {
            k = 0;
        }
        // The quotient can be one off either way near an edge; settle it on the edges themselves.
        while (k > 0 && edges[k] > timeSeconds) {
            k--;
        }
        while (edges[k + 1] <= timeSeconds) {
            k++;
        }
        return k;
    }
}
