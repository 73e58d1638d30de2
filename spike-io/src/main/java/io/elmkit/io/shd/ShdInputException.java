package io.elmkit.io.shd;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.UncheckedInputFormatException;

/**
 * Bad SHD input: the message names the source (file), the field and the expected and found
 * values, e.g. {@code shd_train.h5: /spikes/units[17][5]: expected a channel in 0..699, found 700}.
 *
 * <p>Unchecked because {@link ShdSamples} decodes samples lazily behind methods without a
 * {@code throws} clause ({@link SpikeSource} is read from the training loop's batch callbacks); its
 * cause is always the equivalent checked {@link InputFormatException}, so the entry points that
 * declare {@code IOException} ({@link JhdfShdSamples#read}, {@link JhdfShdSamples#open}) and the
 * CLI treat SHD errors as every other reader's.
 */
public final class ShdInputException extends UncheckedInputFormatException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code field} of {@code source}: {@code expected ...}, {@code found ...}. */
    public ShdInputException(String source, String field, String expected, String found) {
        this(new InputFormatException(source, field, expected, found));
    }

    /** Wraps a checked format error (its message is this one's). */
    public ShdInputException(InputFormatException checked) {
        super(checked);
    }
}
