package io.elmkit.pipeline;

/**
 * A whole-number setting given as a JVM system property ({@code -Delmkit.kafka.wait-s=N}, through
 * ELMKIT_JAVA_OPTS): absent, its default; present, it must be a number within its range, or the
 * command fails with one line naming the property (Long.getLong would silently fall back to the
 * default on a typo).
 */
final class SystemSetting {
    private SystemSetting() {
    }

    /** The property {@code name} as a number in {@code min .. max}, {@code fallback} when it is not set. */
    static long get(String name, long fallback, long min, long max) {
        String text = System.getProperty(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(range(name, min, max) + ", found '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(range(name, min, max) + ", found " + value);
        }
        return value;
    }

    private static String range(String name, long min, long max) {
        return "-D" + name + ": expected a whole number " + min + " .. " + max;
    }
}
