package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo writes only into a folder it made: re-runs into its own work, a user's folder is refused. */
class DemoDirectoryTest {

    @Test
    void theDemoReRunsIntoItsOwnFolder(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("elmkit-demo");
        DemoDirectory.claim(out);
        Files.createDirectories(out.resolve("training/best"));
        Files.writeString(out.resolve("pair0_output.png"), "png");
        DemoDirectory.claim(out);
        assertTrue(Files.isRegularFile(out.resolve(DemoDirectory.MARKER)));
    }

    @Test
    void aFolderFromBeforeTheMarkerHoldingOnlyDemoFilesIsAccepted(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("elmkit-demo"));
        Files.createDirectory(out.resolve("data"));
        Files.writeString(out.resolve("pair0_input_raster.svg"), "svg");
        DemoDirectory.claim(out);
    }

    @Test
    void aUsersFolderIsRefusedAndLeftAsItWas(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectory(tmp.resolve("home"));
        Files.writeString(out.resolve("taxes.pdf"), "mine");
        IOException e = assertThrows(IOException.class, () -> DemoDirectory.claim(out));
        assertTrue(e.getMessage().contains("taxes.pdf") && e.getMessage().contains("--out"), e.getMessage());
        try (var s = Files.list(out)) {
            assertEquals(1, s.count(), "nothing written there");
        }
        CliRunner r = CliRunner.run("demo", "--out", out.toString(), "--epochs", "1");
        assertEquals(1, r.exitCode, r.out + r.err);
        assertTrue(r.err.contains("not a folder the demo made"), r.err);
        assertEquals("mine", Files.readString(out.resolve("taxes.pdf")));
    }
}
