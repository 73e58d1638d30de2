package io.elmkit.cli;

import java.util.function.Supplier;

/**
 * What a command's one error line ends with besides its messages, asked when the line is written: the
 * pipeline commands say where their Kafka and Flink log went ({@code "; log: FILE"}, or nothing when
 * nothing was logged). Not added to a JVM error's line, which has its own words.
 */
public final class ErrorLineSuffix {
    private static volatile Supplier<String> suffix = () -> "";

    private ErrorLineSuffix() {
    }

    /** From now on, error lines end with what {@code s} gives then (null or "" for nothing). */
    public static void set(Supplier<String> s) {
        suffix = s;
    }

    /** The suffix for a line written now. */
    public static String get() {
        String s = suffix.get();
        return s == null ? "" : s;
    }
}
