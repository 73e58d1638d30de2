package io.elmkit.io.shd;

import io.elmkit.io.check.InputFormatException;
import java.io.UncheckedIOException;

/**
 * Bad SHD input: the message names the source (file), the field and the expected and found
 * values, e.g. {@code shd_train.h5: /spikes/units[17][5]: expected a channel in 0..699, found 700}.
 *
 * <p>Unchecked because {@link ShdSamples} decodes samples lazily behind methods without a
 * {@code throws} clause; its cause is always the equivalent checked {@link InputFormatException}
 * (same message), which {@link #checked()} returns, so the entry points that already declare
 * {@code IOException} ({@link JhdfShdSamples#read}, {@link JhdfShdSamples#open}) and the CLI treat
 * SHD errors as every other reader's.
 */
public final class ShdInputException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code field} of {@code source}: {@code expected ...}, {@code found ...}. */
    public ShdInputException(String source, String field, String expected, String found) {
        this(new InputFormatException(source, field, expected, found));
    }

    /** Wraps a checked format error (its message is this one's). */
    public ShdInputException(InputFormatException checked) {
        super(checked.getMessage(), checked);
    }

    /** The same error as the checked exception every elmkit reader throws. */
    public InputFormatException checked() {
        return (InputFormatException) getCause();
    }

    /** The file or description of the samples. */
    public String source() {
        return checked().source();
    }

    /** The offending field, with the sample (and spike) index. */
    public String field() {
        return checked().field();
    }
}
