package io.elmkit.io.journal;

/**
 * The metadata a spike journal starts with: channel count, step length, steps per sample (0 when
 * open-ended) and a free-text source, the same metadata as the events {@code .npz} (docs/formats.md).
 */
public record JournalHeader(int numChannels, double dtMs, long numSteps, String source) {
    /** Checks the header: positive channels and step, non-negative steps; a null source becomes empty. */
    public JournalHeader {
        if (numChannels <= 0) {
            throw new IllegalArgumentException("journal header: num_channels must be positive, got " + numChannels);
        }
        if (!(dtMs > 0) || !Double.isFinite(dtMs)) {
            throw new IllegalArgumentException("journal header: dt_ms must be positive, got " + dtMs);
        }
        if (numSteps < 0) {
            throw new IllegalArgumentException("journal header: num_steps must be >= 0, got " + numSteps);
        }
        source = source == null ? "" : source;
    }
}
