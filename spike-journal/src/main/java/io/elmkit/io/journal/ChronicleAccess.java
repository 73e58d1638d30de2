package io.elmkit.io.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before a queue is opened, that the JVM opens to Chronicle Queue the JDK packages it cannot
 * map files without (etc/jvm-chronicle.options), so that a JVM started without them gets one line
 * naming the flags instead of an IllegalAccessException from deep inside Chronicle.
 */
final class ChronicleAccess {
    /** Flags without which Chronicle cannot map a queue file (its third flag only silences a warning). */
    private static final String[][] REQUIRED_OPENS = {
        {"sun.nio.ch", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"},
        {"java.lang.reflect", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED"},
    };

    private ChronicleAccess() {
    }

    /** Throws an IllegalStateException naming {@code dir} and the missing flags, if any. */
    static void require(Path dir) {
        List<String> missing = missingFlags();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(dir + ": spike journals (Chronicle Queue) need the JVM flags of"
                + " etc/jvm-chronicle.options (java @etc/jvm.options @etc/jvm-chronicle.options ...); missing "
                + String.join(" ", missing));
        }
    }

    /** The required flags this JVM lacks; Chronicle sits in the same (unnamed) module as this class. */
    static List<String> missingFlags() {
        Module base = Object.class.getModule();
        Module chronicle = ChronicleAccess.class.getModule();
        List<String> missing = new ArrayList<>();
        for (String[] open : REQUIRED_OPENS) {
            if (!base.isOpen(open[0], chronicle)) {
                missing.add(open[1]);
            }
        }
        return missing;
    }
}
