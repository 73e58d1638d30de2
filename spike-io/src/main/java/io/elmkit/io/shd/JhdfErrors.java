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
        return withLowLevel(new ShdInputException(file, field, "readable HDF5 data",
            "a corrupt or truncated file (" + lowLevel(cause) + ")"), cause);
    }

    /** jhdf's exception in a few words for the one-line message: its class and message. */
    static String lowLevel(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /**
     * Keeps jhdf's exception for {@code ELMKIT_DEBUG} stack traces as a suppressed exception, not as
     * the cause: the user's one-line message already quotes it, and a cause chain would repeat its
     * raw JDK causes.
     */
    static ShdInputException withLowLevel(ShdInputException error, Throwable cause) {
        error.addSuppressed(cause);
        return error;
    }
}
