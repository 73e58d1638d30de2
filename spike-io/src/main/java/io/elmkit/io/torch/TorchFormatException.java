package io.elmkit.io.torch;

import io.elmkit.io.check.InputFormatException;


/** A .pt file that cannot be read as a state dict: names the file and the problem. */
public final class TorchFormatException extends InputFormatException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code source} as a whole. */
    public TorchFormatException(String source, String problem) {
        super(source, problem);
    }

    /** About {@code field} of {@code source}: expected ..., found .... */
    public TorchFormatException(String source, String field, String expected, String found) {
        super(source, field, expected, found);
    }
}
