package io.elmkit.shd;

import io.elmkit.io.shd.ShdSamples;

/**
 * {@link ShdSamples} made on demand from another set's samples (a subset of them, pairs of them):
 * they have the source's channels; the view supplies its count and each sample's label, spikes and
 * name.
 */
public abstract class SamplesView implements ShdSamples {
    /** The samples this view is made from. */
    protected final ShdSamples source;

    /** A view of samples made from {@code source}. */
    protected SamplesView(ShdSamples source) {
        this.source = source;
    }

    @Override
    public final int numChannels() {
        return source.numChannels();
    }
}
