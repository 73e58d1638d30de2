package io.elmkit.io.fetch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives a finished temporary file its final name in one step, never replacing a file that is
 * already there: a reader sees either no file or the complete one, and a user's file that appeared
 * meanwhile is kept. (A plain atomic rename would silently replace it on POSIX.)
 */
public final class NoClobber {
    private NoClobber() {
    }

    /**
     * Creates a new empty hidden file {@code .<name>.<random>.tmp} in {@code dir} for writing the
     * content of {@code name}. Unlike {@link Files#createTempFile}, which makes owner-only files, it
     * gets the permissions of any new file (the umask), which the published file keeps.
     */
    public static Path newTempFile(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    /**
     * Moves {@code tmp} (a file we created, in the same directory) to {@code target}.
     *
     * @throws FileAlreadyExistsException when {@code target} exists; {@code tmp} is then left in place
     */
    public static void publish(Path tmp, Path target) throws IOException {
        try {
            // link(2) fails when the name exists: atomic and no-clobber together.
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // File systems without hard links: a move that refuses an existing target.
            Files.move(tmp, target);
            return;
        }
        Files.delete(tmp);
    }
}
