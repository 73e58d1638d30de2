package io.elmkit.shd;

import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdSamples;
import java.util.Arrays;

/**
 * SHD-Adding pairs as SHD samples of 2 s, for writing an SHD-layout file: sample p is pair p's first
 * digit (its spikes at or after 1.0 s dropped) followed by its second digit shifted by exactly
 * 1 s (second-digit spikes are kept whatever their time); label = (label1 mod 10) + (label2 mod 10),
 * so 0..18.
 *
 * <p>Times are float32 seconds: float16 is too coarse above 1 s. {@code t + 1} is computed in
 * float64 and rounded once to float32; every float16 time from 2^-13 s upward shifts exactly
 * (float16 has 11 significant bits, float32 24), smaller ones round by at most 2^-24 s.
 *
 * <p>Reading it back: h5py gives {@code f['spikes']['times'][p]} (float32 seconds) and
 * {@code f['spikes']['units'][p]}, {@code f['labels'][p]}; the reference binning with
 * {@code max_time = 2.0} instead of 1.0 ({@code np.arange(0, 2.0 + b, b)},
 * {@code np.digitize(t, edges) - 1}, cut the last bin; {@link ReferenceBinning#of(double, double)}
 * here) gives 2T bins that equal the {@code .npz} events of the same pairs whenever the bin divides
 * 1000 ms, up to float rounding at bin edges in the second second (tested on the shared SHD file).
 *
 * <p>Memory: two sample indices per pair; spikes are read from the source on demand.
 */
public final class ConcatenatedPairs extends SamplesView {
    private final int[] first;
    private final int[] second;

    /** The pairs {@code (first[p], second[p])} of {@code source} (arrays kept, not copied). */
    public ConcatenatedPairs(ShdSamples source, int[] first, int[] second) {
        super(source);
        if (first.length != second.length) {
            throw new IllegalArgumentException("pairs: expected as many second digits as first ones (" + first.length + "), found " + second.length);
        }
        this.first = first;
        this.second = second;
    }

    /** The pairs of a run: draws all of {@code config}'s pairs (8 bytes each) with its sampler. */
    public static ConcatenatedPairs of(ShdSamples source, ShdAddingConfig config) {
        int n = Math.toIntExact(config.numPairs());
        int[] first = new int[n];
        int[] second = new int[n];
        PairSampler sampler = PairSampler.create(config.compat(), config.seed(), source.size(), config.batchSize());
        int[] a = new int[config.batchSize()];
        int[] b = new int[config.batchSize()];
        for (int p = 0; p < n; p += config.batchSize()) {
            int count = Math.min(config.batchSize(), n - p);
            sampler.nextPairs(p, count, a, b);
            System.arraycopy(a, 0, first, p, count);
            System.arraycopy(b, 0, second, p, count);
        }
        return new ConcatenatedPairs(source, first, second);
    }

    @Override
    public int size() {
        return first.length;
    }

    /** Sample index of pair {@code p}'s first digit. */
    public int firstSample(int p) {
        return first[p];
    }

    /** Sample index of pair {@code p}'s second digit. */
    public int secondSample(int p) {
        return second[p];
    }

    @Override
    public int label(int p) {
        return source.label(first[p]) % 10 + source.label(second[p]) % 10;
    }

    @Override
    public float[] timesSeconds(int p) {
        float[] a = source.timesSeconds(first[p]);
        float[] b = source.timesSeconds(second[p]);
        float[] out = new float[a.length + b.length];
        int n = 0;
        for (float t : a) {
            if (!(t >= 1.0f)) {
                out[n++] = t;
            }
        }
        for (float t : b) {
            out[n++] = (float) (t + 1.0);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    public int[] units(int p) {
        float[] a = source.timesSeconds(first[p]);
        int[] ua = source.units(first[p]);
        int[] ub = source.units(second[p]);
        int[] out = new int[ua.length + ub.length];
        int n = 0;
        for (int s = 0; s < ua.length; s++) {
            if (!(a[s] >= 1.0f)) {
                out[n++] = ua[s];
            }
        }
        System.arraycopy(ub, 0, out, n, ub.length);
        n += ub.length;
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    public String source() {
        return "SHD-Adding pairs of " + source.source();
    }
}
