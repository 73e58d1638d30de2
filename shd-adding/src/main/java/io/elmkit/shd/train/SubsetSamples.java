package io.elmkit.shd.train;

import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.SamplesView;

/** A subset of another {@link ShdSamples}, by index (e.g. the validation split of a train file). */
public final class SubsetSamples extends SamplesView {
    private final int[] indices;
    private final String name;

    public SubsetSamples(ShdSamples source, int[] indices, String name) {
        super(source);
        this.indices = indices.clone();
        this.name = name;
    }

    /**
     * The reference notebook's split: {@code numpy.random.default_rng(0).binomial(1, fraction, n)},
     * 1 = validation, reproduced draw for draw (for the real SHD train file and fraction 0.2: 1642
     * validation samples, the first at indices 4, 5, 9, 10, 12).
     */
    public static ShdSamples[] referenceSplit(ShdSamples all, double fraction) {
        long[] isValidation = io.elmkit.shd.rng.NumpyGenerator.defaultRng(0).bernoulli(fraction, all.size());
        return split(all, i -> isValidation[i] == 1);
    }

    /** The reference split, or with {@code seededSplit} a split drawn from {@code seed} (see {@link #split}). */
    public static ShdSamples[] split(ShdSamples all, double fraction, long seed, boolean seededSplit) {
        return seededSplit ? split(all, fraction, seed) : referenceSplit(all, fraction);
    }

    /**
     * Splits a file into (train, validation) with each sample going to validation with probability
     * {@code fraction}, from a seeded stream. The reference draws this with NumPy's
     * {@code default_rng(0).binomial(1, 0.2, n)}; this one draws from {@code seed} instead (for
     * several different splits), see {@link #referenceSplit} for the reference's own.
     */
    public static ShdSamples[] split(ShdSamples all, double fraction, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        return split(all, i -> rng.nextDouble() < fraction); // asked once per sample, in index order
    }

    /** (train, validation): the samples {@code isValidation} rejects and those it accepts, each in index order. */
    private static ShdSamples[] split(ShdSamples all, java.util.function.IntPredicate isValidation) {
        int[] train = new int[all.size()];
        int[] valid = new int[all.size()];
        int nt = 0;
        int nv = 0;
        for (int i = 0; i < all.size(); i++) {
            if (isValidation.test(i)) {
                valid[nv++] = i;
            } else {
                train[nt++] = i;
            }
        }
        return new ShdSamples[] {
            new SubsetSamples(all, java.util.Arrays.copyOf(train, nt), all.source() + " (train split)"),
            new SubsetSamples(all, java.util.Arrays.copyOf(valid, nv), all.source() + " (validation split)")};
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    @Override
    public float[] timesSeconds(int index) {
        return source.timesSeconds(indices[index]);
    }

    @Override
    public int[] units(int index) {
        return source.units(indices[index]);
    }

    @Override
    public String source() {
        return name;
    }
}
