package io.elmkit.sim.model;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.UncheckedInputFormatException;

/**
 * A model file (config or state dict) that cannot be used as it is: names the file, the field and
 * what was expected against what was found.
 *
 * <p>Unchecked because {@link ElmConfig} validates in its constructor, which code and tests call
 * through builders with values that were never read from a file; a checked exception there would put
 * {@code throws IOException} on every programmatic model. Its cause is the checked
 * {@link InputFormatException} with the same message ({@link #checked()}).
 */
public final class ModelFormatException extends UncheckedInputFormatException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code field} of {@code source}; {@code problem} says what was expected and found. */
    public ModelFormatException(String source, String field, String problem) {
        super(new InputFormatException(source, field, problem));
    }
}
