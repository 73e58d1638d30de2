package io.elmkit.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output files: their missing parent folders are created, as a user expects of {@code --output};
 * written once for every writer of a file the user names.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /** Creates the missing folders above {@code file}; a plain file in the way is a one-line error. */
    public static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + ": cannot create its folder " + parent + ": a file of that name is in the way",
                e);
        }
    }
}
