package io.elmkit.io.npy;

import io.elmkit.io.check.InputFormatException;


/** A .npy or .npz file (or entry) that is not what it should be: names the file and the problem. */
public final class NpyFormatException extends InputFormatException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code source} as a whole. */
    public NpyFormatException(String source, String problem) {
        super(source, problem);
    }

    /** About {@code field} of {@code source}: expected ..., found .... */
    public NpyFormatException(String source, String field, String expected, String found) {
        super(source, field, expected, found);
    }
}
