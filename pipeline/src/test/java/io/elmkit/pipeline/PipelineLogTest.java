package io.elmkit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline's log file: what goes in (warnings up, through SLF4J as Kafka and Flink log), appended, and causes read back. */
class PipelineLogTest {
    private static final Logger LOG = LoggerFactory.getLogger("org.apache.flink.runtime.checkpoint.CheckpointFailureManager");

    @AfterEach
    void back() {
        PipelineLog.use(null); // the test JVM's own file again (-Delmkit.log)
    }

    @Test
    void warningsGoToTheFileAppendedInfoDoesNot(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("run.log");
        Files.writeString(log, "a line that was there\n");
        assertEquals(log, PipelineLog.use(log));
        assertFalse(PipelineLog.wroteAny());
        assertEquals("", PipelineLog.where());
        LOG.info("an info line");
        assertFalse(PipelineLog.wroteAny(), "nothing at INFO by default");
        LOG.warn("a warning");
        assertTrue(PipelineLog.wroteAny());
        String text = Files.readString(log);
        assertTrue(text.startsWith("a line that was there\n"), text);
        assertTrue(text.contains(" WARN  [") && text.contains("CheckpointFailureManager: a warning"), text);
        assertFalse(text.contains("an info line"), text);
        assertEquals("; log: " + log, PipelineLog.where());
    }

    @Test
    void aFileIsMadeOnlyWhenSomethingIsLogged(@TempDir Path tmp) {
        Path log = tmp.resolve("quiet.log");
        PipelineLog.use(log);
        LOG.info("not logged");
        assertFalse(Files.exists(log));
    }

    @Test
    void theLastLoggedCauseIsReadBackWithoutClassNames(@TempDir Path tmp) {
        PipelineLog.use(tmp.resolve("causes.log"));
        assertNull(PipelineLog.lastCause("Failed to trigger"));
        LOG.warn("Failed to trigger or complete checkpoint 1", new IllegalStateException("outer",
            new IOException(new IOException("Size of the state is larger than allowed (1)"))));
        LOG.warn("something else", new IOException("not this one"));
        LOG.warn("Failed to trigger or complete checkpoint 2", new IllegalStateException("no cause below"));
        assertEquals("no cause below", PipelineLog.lastCause("Failed to trigger"));
        LOG.warn("Failed to trigger or complete checkpoint 3", new IllegalStateException("outer",
            new IOException(new IOException("Size of the state is larger than allowed (3)"))));
        assertEquals("Size of the state is larger than allowed (3)", PipelineLog.lastCause("Failed to trigger"));
        assertNull(PipelineLog.lastCause("never logged"));
    }

    /** The error line's end (cli's ErrorLineSuffix, which leaves JVM errors alone: CliErrorsTest). */
    @Test
    void aFailureNamesTheLogWhenTheRunLoggedSomething(@TempDir Path tmp) {
        Path log = tmp.resolve("failure.log");
        PipelineLog.use(log);
        assertEquals("", PipelineLog.where(), "nothing logged: the error as it was");
        LOG.warn("the broker went away");
        assertEquals("; log: " + log, PipelineLog.where());
        PipelineLog.use(log);
        assertEquals("", PipelineLog.where(), "a new run: only what it logs counts");
    }

    @Test
    void aLog4jConfigurationOfTheUsersOwnIsLeftAlone(@TempDir Path tmp) {
        System.setProperty("log4j2.configurationFile", tmp.resolve("own.properties").toString());
        try {
            assertTrue(PipelineLog.userConfiguration());
            assertNull(PipelineLog.use(tmp.resolve("ignored.log")));
            assertEquals(0, new PipelineLogConfigurationFactory().getSupportedTypes().length, "Log4j's own factories read it");
        } finally {
            System.clearProperty("log4j2.configurationFile");
        }
        assertFalse(PipelineLog.userConfiguration());
    }

    @Test
    void badFilesAndLevelsAreOneLineErrors(@TempDir Path tmp) {
        assertEquals("--log " + tmp + ": expected a file to append the log to, found a directory",
            assertThrows(IllegalArgumentException.class, () -> PipelineLog.use(tmp)).getMessage());
        Path nowhere = tmp.resolve("no-such-dir").resolve("x.log");
        assertEquals("--log " + nowhere + ": its directory " + nowhere.getParent() + " does not exist",
            assertThrows(IllegalArgumentException.class, () -> PipelineLog.use(nowhere)).getMessage());
        assertEquals(Level.WARN, PipelineLog.level(null));
        assertEquals(Level.DEBUG, PipelineLog.level(" Debug"));
        assertEquals(PipelineLog.LEVEL_ENV + "=loud: expected error, warn (default), info, debug or trace",
            assertThrows(IllegalArgumentException.class, () -> PipelineLog.level("loud")).getMessage());
    }
}
