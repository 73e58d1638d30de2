package io.elmkit.shd.train;

import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.shd.BinnedSamples;

/** The binned samples of an SHD run: train and validation (held out of the train file) and test. */
record ShdSplit(BinnedSamples train, BinnedSamples valid, BinnedSamples test) {

    /** Splits {@code trainFile} as {@code s} asks (the reference's split unless seeded) and bins all three. */
    static ShdSplit of(ShdSamples trainFile, ShdSamples testFile, ShdSettings s) {
        ShdSamples[] split = SubsetSamples.split(trainFile, s.validationFraction(), s.run().seed(), s.seededSplit());
        ReferenceBinning binning = ReferenceBinning.ofBinMs(s.binMs());
        return new ShdSplit(new BinnedSamples(split[0], binning), new BinnedSamples(split[1], binning),
            new BinnedSamples(testFile, binning));
    }

    int channels() {
        return train.numChannels();
    }
}
