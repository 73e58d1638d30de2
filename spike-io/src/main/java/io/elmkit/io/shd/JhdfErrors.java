package io.elmkit.io.shd;

/**
 * Turns what jhdf throws on a damaged file (its HdfException, or a buffer underflow, a bad index or
 * a negative size from a corrupt length field) into a {@link ShdInputException} naming the file and
 * the dataset element.
 */
final class JhdfErrors {
    private JhdfErrors() {
    }

    static ShdInputException unreadable(String file, String field, RuntimeException cause) {
        if (cause instanceof ShdInputException) {
            return (ShdInputException) cause;
        }
        ShdInputException e = new ShdInputException(file, field, "readable HDF5 data",
            "a corrupt or truncated file (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
        e.initCause(cause);
        return e;
    }
}
