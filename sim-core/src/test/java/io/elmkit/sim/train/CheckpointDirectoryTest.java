package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints are replaced atomically, never through a link, never deleting what we did not write. */
class CheckpointDirectoryTest {

    static ElmModel model(long seed) {
        return ElmModel.initialise(ElmConfig.builder(4, 3).numMemory(2).build(), seed);
    }

    static Object weights(Path dir) throws IOException {
        return ModelDirectory.load(dir).toStateDict();
    }

    @Test
    void aReplaceLeavesOnlyTheNewModelAndNoTemporaries(@TempDir Path tmp) throws Exception {
        Path best = tmp.resolve("best");
        CheckpointDirectory.replace(model(1), best);
        assertEquals(model(1).toStateDict(), weights(best));
        CheckpointDirectory.replace(model(2), best);
        assertEquals(model(2).toStateDict(), weights(best));
        assertNotEquals(model(1).toStateDict(), weights(best));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("best"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aSymlinkAtTheCheckpointIsRefusedAndItsTargetUntouched(@TempDir Path tmp) throws Exception {
        Path target = Files.createDirectory(tmp.resolve("precious"));
        Files.writeString(target.resolve("thesis.txt"), "keep me");
        Files.writeString(target.resolve("model_config.json"), "{\"mine\": true}");
        Path best = Files.createSymbolicLink(tmp.resolve("best"), target);
        IOException e = assertThrows(IOException.class, () -> CheckpointDirectory.replace(model(1), best));
        assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains("best"), e.getMessage());
        assertEquals("keep me", Files.readString(target.resolve("thesis.txt")));
        assertEquals("{\"mine\": true}", Files.readString(target.resolve("model_config.json")));
        assertFalse(Files.exists(target.resolve(ModelDirectory.STATE_FILE)), "nothing written through the link");
        assertTrue(Files.isSymbolicLink(best));
    }

    @Test
    void aSymlinkedTemporaryIsRefusedToo(@TempDir Path tmp) throws Exception {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.writeString(target.resolve("model_config.json"), "theirs");
        Files.createSymbolicLink(tmp.resolve("last.tmp"), target);
        assertThrows(IOException.class, () -> CheckpointDirectory.replace(model(1), tmp.resolve("last")));
        assertEquals("theirs", Files.readString(target.resolve("model_config.json")));
    }

    @Test
    void aFileWeDidNotWriteInTheCheckpointIsKeptAndTheReplaceRefused(@TempDir Path tmp) throws Exception {
        Path best = tmp.resolve("best");
        CheckpointDirectory.replace(model(1), best);

        Files.writeString(best.resolve("notes.txt"), "my notes");
        IOException e = assertThrows(IOException.class, () -> CheckpointDirectory.replace(model(2), best));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals("my notes", Files.readString(best.resolve("notes.txt")));
        assertEquals(model(1).toStateDict(), weights(best), "the old checkpoint is still there");
    }

    @Test
    void aStaleHalfWrittenTemporaryFromAKilledRunIsCleanedUp(@TempDir Path tmp) throws Exception {
        Path best = tmp.resolve("best");
        CheckpointDirectory.replace(model(1), best);
        Path stale = Files.createDirectory(tmp.resolve("best.tmp"));
        Files.writeString(stale.resolve("model_config.json"), "{\"num_inp");  // killed mid-write
        CheckpointDirectory.replace(model(2), best);
        assertEquals(model(2).toStateDict(), weights(best));
        assertFalse(Files.exists(stale));
    }

    @Test
    void aRunKilledBetweenTheTwoRenamesGetsItsCheckpointBack(@TempDir Path tmp) throws Exception {
        Path last = tmp.resolve("last");
        CheckpointDirectory.replace(model(1), last);
        // The moment after `last` became `last.old` and before `last.tmp` became `last`.
        Files.move(last, tmp.resolve("last.old"));
        Files.createDirectory(tmp.resolve("last.tmp"));
        CheckpointDirectory.recover(last);
        assertEquals(model(1).toStateDict(), weights(last));
        assertFalse(Files.exists(tmp.resolve("last.old")) || Files.exists(tmp.resolve("last.tmp")));
    }
}
