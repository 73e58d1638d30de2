package io.elmkit.io.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chronicle's analytics and banner are off in any JVM that uses journals, not only in ours; a user's own
 * setting stays; a JVM without Chronicle's flags is told which are missing.
 */
class ChronicleDefaultsTest {

    @Test
    @Timeout(60)
    void anApplicationWithoutOurPropertiesGetsAnalyticsAndBannerSwitchedOff(@TempDir Path tmp) throws Exception {
        Path etc = Path.of(System.getProperty("elmkit.root", "..")).resolve("etc");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Chronicle's --add-opens flags (it cannot map files without them), none of the -D properties.
        Process app = new ProcessBuilder(java, "@" + etc.resolve("jvm-chronicle.options"), "-cp",
            System.getProperty("java.class.path"), EmbeddingApp.class.getName(), tmp.resolve("j").toString())
            .redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        app.waitFor(50, TimeUnit.SECONDS);
        assertEquals(0, app.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.matches("(before|records|after) .*")).toList();
        assertEquals(List.of("before null null", "records 1", "after true true"), lines, output);
    }

    @Test
    @Timeout(60)
    void withoutChronicleFlagsAJournalIsRefusedInOneLineNamingThem(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = tmp.resolve("j");
        Process app = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            EmbeddingApp.class.getName(), dir.toString()).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        app.waitFor(50, TimeUnit.SECONDS);
        assertEquals(1, app.exitValue(), output);
        assertTrue(output.contains("java.lang.IllegalStateException: " + dir + ": spike journals (Chronicle Queue) need"
            + " the JVM flags of etc/jvm-chronicle.options (java @etc/jvm.options @etc/jvm-chronicle.options ...);"
            + " missing --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"),
            output);
        assertFalse(Files.exists(dir), "nothing created");
    }

    @Test
    void thisJvmHasTheFlags() {
        assertEquals(List.of(), ChronicleAccess.missingFlags());
    }

    @Test
    void aValueTheUserSetIsKept() {
        Properties properties = new Properties();
        properties.setProperty(ChronicleDefaults.ANALYTICS_DISABLE, "false");
        ChronicleDefaults.apply(properties);
        assertEquals("false", properties.getProperty(ChronicleDefaults.ANALYTICS_DISABLE));
        assertEquals("true", properties.getProperty(ChronicleDefaults.ANNOUNCER_DISABLE));
    }
}
