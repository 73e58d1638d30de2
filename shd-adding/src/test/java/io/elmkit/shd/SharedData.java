package io.elmkit.shd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared reference data ({@code elmkit.shared}); tests skip when it is absent. */
final class SharedData {
    private SharedData() {
    }

    /** The path under the shared folder, or a skipped test saying what is missing. */
    static Path require(String relative) {
        String shared = System.getProperty("elmkit.shared");
        assumeTrue(shared != null, "system property elmkit.shared is not set: skipping a test that needs ../shared/" + relative);
        Path path = Path.of(shared).resolve(relative);
        assumeTrue(Files.exists(path), "shared reference data not found: " + path + " (skipping)");
        return path;
    }
}
