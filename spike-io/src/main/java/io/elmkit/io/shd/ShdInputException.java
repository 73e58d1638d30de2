package io.elmkit.io.shd;

/**
 * Bad SHD input: the message names the source (file), the field and the expected and found
 * values, e.g. {@code shd_train.h5: /spikes/units[17][5]: expected a channel in 0..699, found 700}.
 */
public final class ShdInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String field;

    /** An error about {@code field} of {@code source}: {@code expected ...}, {@code found ...}. */
    public ShdInputException(String source, String field, String expected, String found) {
        super(source + ": " + field + ": expected " + expected + ", found " + found);
        this.source = source;
        this.field = field;
    }

    /** The file or description of the samples. */
    public String source() {
        return source;
    }

    /** The offending field, with the sample (and spike) index. */
    public String field() {
        return field;
    }
}
