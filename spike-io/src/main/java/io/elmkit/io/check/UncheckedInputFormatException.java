package io.elmkit.io.check;

import java.io.UncheckedIOException;

/**
 * An {@link InputFormatException} carried through code that may not throw checked exceptions (a
 * lazily decoding accessor, a constructor that validates). Its message is the checked one's, and
 * {@link #checked()} gives that exception back, so a caller that declares {@code IOException}
 * rethrows it and users read the same one line (file, field, expected, found). Subclasses only name
 * where such an error comes from; they add no fields.
 */
public class UncheckedInputFormatException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** Wraps a checked format error (its message is this one's). */
    public UncheckedInputFormatException(InputFormatException checked) {
        super(checked.getMessage(), checked);
    }

    /** The same error as the checked exception every elmkit reader throws. */
    public InputFormatException checked() {
        return (InputFormatException) getCause();
    }

    /** The file or description of the input. */
    public String source() {
        return checked().source();
    }

    /** The offending field, with its index where there is one. */
    public String field() {
        return checked().field();
    }
}
