package io.elmkit.sim.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output directory of a training run, checked before the first epoch so that nothing a user
 * keeps there is lost: a fresh run goes only into a missing or empty directory unless {@code --force}
 * (and even then replaces only files it writes itself), {@code --resume} needs the run's
 * {@link TrainingState#FILE}, checkpoint directories must be ours ({@link CheckpointDirectory}) and
 * none of the files the run writes may be a symbolic link (writing would follow it).
 */
public final class RunDirectory {
    /** The checkpoint directories every training run keeps. */
    public static final List<String> CHECKPOINTS = List.of("best", "last");

    private RunDirectory() {
    }

    /**
     * Checks {@code out} for a run that writes the files {@code outputs} (besides the checkpoints
     * and the training state), repairs what a killed checkpoint replace left, creates {@code out},
     * and returns whether the run resumes (only with {@code resume} and a saved state there).
     */
    public static boolean prepare(Path out, boolean resume, boolean force, List<String> outputs) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException(out + ": expected an output directory, found a file (choose another --out)");
        }
        List<String> entries = Files.isDirectory(out) ? names(out) : List.of();
        Path state = out.resolve(TrainingState.FILE);
        boolean resuming = resume && Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS);
        if (!entries.isEmpty() && !resuming && !force) {
            String holds = entries.size() <= 5 ? String.join(", ", entries)
                : String.join(", ", entries.subList(0, 5)) + " and " + (entries.size() - 5) + " more";
            if (resume) {
                throw new IOException(out + ": --resume: no " + TrainingState.FILE + " to resume from (the directory"
                    + " holds " + holds + "); pass --force to start a fresh run there (files elmkit did not write are"
                    + " kept) or choose another --out");
            }
            throw new IOException(out + ": not empty (holds " + holds + "); pass --resume to continue the run saved"
                + " there, --force to start a fresh run in it (files elmkit did not write are kept), or choose another"
                + " --out");
        }
        List<String> written = new ArrayList<>(outputs);
        written.add(TrainingState.FILE);
        written.add(TrainingState.FILE + ".tmp");
        for (String name : written) {
            if (Files.isSymbolicLink(out.resolve(name))) {
                throw new IOException(out.resolve(name) + ": is a symbolic link; elmkit writes this file and never"
                    + " writes through a link (remove the link or choose another --out)");
            }
        }
        for (String name : CHECKPOINTS) {
            CheckpointDirectory.recover(out.resolve(name));
        }
        Files.createDirectories(out);
        return resuming;
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        }
        return names;
    }
}
