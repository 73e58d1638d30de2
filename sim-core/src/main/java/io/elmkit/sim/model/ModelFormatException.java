package io.elmkit.sim.model;

/**
 * A model file (config or state dict) that cannot be used as it is: names the file, the field and
 * what was expected against what was found.
 */
public final class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The file. */
    private final String source;
    /** The key or tensor. */
    private final String field;

    /** An error about {@code field} of {@code source}. */
    public ModelFormatException(String source, String field, String problem) {
        super(source + ": " + field + ": " + problem);
        this.source = source;
        this.field = field;
    }

    /** The file (or description) the problem was found in. */
    public String source() {
        return source;
    }

    /** The key or field at fault. */
    public String field() {
        return field;
    }
}
