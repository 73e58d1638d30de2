package io.elmkit.io.check;

import java.io.IOException;

/**
 * A file (or stream) whose content cannot be used: one line naming the file, the field (key,
 * dataset, array element or record index), what was expected and what was found, e.g.
 * {@code events.npz: num_steps: expected 1 .. 2^31-1, found 0}. Every reader of elmkit reports bad
 * input with this class or a subclass, so callers catch one type and users read one shape of message.
 */
public class InputFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file or stream. */
    private final String source;
    /** The field, key, element or record (null when the error is about the whole source). */
    private final String field;

    /** An error about {@code field} of {@code source}: {@code expected ...}, {@code found ...}. */
    public InputFormatException(String source, String field, String expected, String found) {
        super(source + ": " + field + ": expected " + expected + ", found " + found);
        this.source = source;
        this.field = field;
    }

    /** An error about {@code field} of {@code source} that is not an expected/found pair (a free-form problem). */
    public InputFormatException(String source, String field, String problem) {
        super(source + ": " + field + ": " + problem);
        this.source = source;
        this.field = field;
    }

    /** Same as {@link #InputFormatException(String, String, String)}, keeping the low-level cause for debugging. */
    public InputFormatException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + field + ": " + problem, cause);
        this.source = source;
        this.field = field;
    }

    /** An error about {@code source} as a whole (its kind, its framing): {@code source: problem}. */
    public InputFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.field = "";
    }

    /** The file or description of the input. */
    public String source() {
        return source;
    }

    /** The offending field, with its index where there is one. */
    public String field() {
        return field;
    }
}
