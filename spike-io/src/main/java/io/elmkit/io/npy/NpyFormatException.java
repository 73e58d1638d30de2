package io.elmkit.io.npy;

import java.io.IOException;

/** A .npy or .npz file (or entry) that is not what it should be: names the file and the problem. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
