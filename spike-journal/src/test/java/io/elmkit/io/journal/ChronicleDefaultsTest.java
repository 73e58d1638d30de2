package io.elmkit.io.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Chronicle's analytics and banner are off in any JVM that uses journals, not only in ours; a user's own setting stays. */
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
    void aValueTheUserSetIsKept() {
        Properties properties = new Properties();
        properties.setProperty(ChronicleDefaults.ANALYTICS_DISABLE, "false");
        ChronicleDefaults.apply(properties);
        assertEquals("false", properties.getProperty(ChronicleDefaults.ANALYTICS_DISABLE));
        assertEquals("true", properties.getProperty(ChronicleDefaults.ANNOUNCER_DISABLE));
    }
}
