package io.elmkit.pipeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a logged exception's innermost cause back from the text of {@link PipelineLog}'s file. */
final class LoggedCauses {
    /** A record's first line: the layout's date and time (continuation lines are stack traces and causes). */
    private static final Pattern RECORD = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
    /** "java.io.IOException: " before a message (Flink repeats the class in each wrapper). */
    private static final Pattern CLASS_PREFIX = Pattern.compile("([A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*: ");
    private static final String CAUSED_BY = "Caused by: ";

    private LoggedCauses() {
    }

    /**
     * Of the last record in {@code log} whose first line contains {@code marker}: its last "Caused by:"
     * line, else the exception line right after it, without the class names in front; null when there
     * is no such record or it was logged without an exception.
     */
    static String last(String log, String marker) {
        String[] lines = log.split("\\R");
        int record = -1;
        for (int i = lines.length - 1; i >= 0 && record < 0; i--) {
            if (RECORD.matcher(lines[i]).lookingAt() && lines[i].contains(marker)) {
                record = i;
            }
        }
        if (record < 0) {
            return null;
        }
        String cause = null;
        for (int i = record + 1; i < lines.length && !RECORD.matcher(lines[i]).lookingAt(); i++) {
            String line = lines[i].strip();
            if (line.startsWith(CAUSED_BY)) {
                cause = line.substring(CAUSED_BY.length());
            } else if (cause == null && i == record + 1) {
                cause = line;
            }
        }
        if (cause == null) {
            return null;
        }
        for (Matcher m = CLASS_PREFIX.matcher(cause); m.lookingAt(); m = CLASS_PREFIX.matcher(cause)) {
            cause = cause.substring(m.end());
        }
        return cause.isBlank() ? null : cause;
    }
}
