package io.elmkit.l5pc.neuronio;

import io.elmkit.io.check.InputFormatException;

/** A NeuronIO file that cannot be read: names the file, the key or pickle offset, and the problem. */
public final class NeuronioFormatException extends InputFormatException {
    private static final long serialVersionUID = 1L;

    /** An error at {@code where} (a key or pickle offset) of {@code source}. */
    public NeuronioFormatException(String source, String where, String problem) {
        super(source, where, problem);
    }

    /** {@code source: where: expected ..., found ...}. */
    public NeuronioFormatException(String source, String where, String expected, String found) {
        super(source, where, expected, found);
    }

    /** An error about the file as a whole (its kind): {@code source: problem}. */
    public NeuronioFormatException(String source, String problem) {
        super(source, problem);
    }
}
