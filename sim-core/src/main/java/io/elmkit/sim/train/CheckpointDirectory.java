package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A checkpoint directory of a training run ({@code OUT/best}, {@code OUT/last}) replaced atomically:
 * the new model is written to the sibling {@code NAME.tmp} and synced, the old directory is renamed
 * to {@code NAME.old}, the new one renamed into place, and only then is {@code NAME.old} removed.
 * A run killed at any point leaves a loadable checkpoint under NAME or NAME.old, and the next run
 * (or {@link #recover}) puts it back under NAME. Nothing is followed through a symbolic link, and a
 * directory holding anything but the files we write there ({@code model_config.json}, {@code *.pt})
 * is refused rather than emptied: it is then not ours to delete.
 */
public final class CheckpointDirectory {
    static final String TEMP_SUFFIX = ".tmp";
    static final String OLD_SUFFIX = ".old";

    private CheckpointDirectory() {
    }

    /** Writes {@code model} as the checkpoint {@code dir}, replacing the previous one atomically. */
    public static void replace(ElmModel model, Path dir) throws IOException {
        recover(dir);
        Path tmp = sibling(dir, TEMP_SUFFIX);
        Path old = sibling(dir, OLD_SUFFIX);
        Files.createDirectories(tmp.toAbsolutePath().getParent());
        Files.createDirectory(tmp);
        ModelDirectory.save(model, tmp);
        syncFile(tmp.resolve(ModelDirectory.CONFIG_FILE));
        syncFile(tmp.resolve(ModelDirectory.STATE_FILE));
        syncDirectory(tmp);
        boolean hadOld = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        if (hadOld) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir.toAbsolutePath().getParent());
        if (hadOld) {
            deleteOurs(old);
        }
    }

    /**
     * Checks {@code dir} and its temporaries before a run writes there, and repairs what a killed
     * replace left: a lone {@code NAME.old} becomes {@code NAME} again; a {@code NAME.tmp} (possibly
     * half written) and a {@code NAME.old} beside a complete {@code NAME} are removed. Each of them
     * must be a real directory holding only our files, or this throws naming the intruder.
     */
    public static void recover(Path dir) throws IOException {
        Path tmp = sibling(dir, TEMP_SUFFIX);
        Path old = sibling(dir, OLD_SUFFIX);
        requireOurs(dir);
        requireOurs(tmp);
        requireOurs(old);
        if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
            deleteOurs(tmp);
        }
        if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                deleteOurs(old);
            } else {
                Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /**
     * Throws unless {@code dir} is absent or a real directory (not a link) holding only regular
     * files named {@code model_config.json} or {@code *.pt}, the files a checkpoint holds.
     */
    public static void requireOurs(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + ": is a symbolic link; elmkit writes checkpoints only into directories it"
                + " creates and never follows a link there (remove the link or choose another --out)");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + ": expected a checkpoint directory, found a file; elmkit will not replace"
                + " it (move it away or choose another --out)");
        }
        for (Path p : list(dir)) {
            if (!isOurFile(p)) {
                throw new IOException(dir + ": holds " + p.getFileName() + ", which elmkit does not write into a"
                    + " checkpoint (only model_config.json and *.pt files); elmkit will not delete it: move it away"
                    + " or choose another --out");
            }
        }
    }

    /** Deletes our files in {@code dir} and then {@code dir}; checks first, so nothing else is touched. */
    private static void deleteOurs(Path dir) throws IOException {
        requireOurs(dir);
        for (Path p : list(dir)) {
            Files.delete(p);
        }
        Files.delete(dir);
    }

    private static boolean isOurFile(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String name = p.getFileName().toString();
        return a.isRegularFile() && (name.equals(ModelDirectory.CONFIG_FILE) || name.endsWith(".pt"));
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(entries::add);
        }
        return entries;
    }

    static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    private static void syncFile(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    /** Makes renames and new entries in {@code dir} durable where the platform allows it (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory for syncing (Windows): the renames stay atomic there.
        }
    }
}
