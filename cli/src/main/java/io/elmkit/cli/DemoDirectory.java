package io.elmkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The demo's output folder. The demo replaces its own files on every run, so it writes only into a
 * folder it made: one marked with {@value #MARKER}, or missing, or empty, or holding nothing but
 * the names the demo writes (a folder from a version before the marker). Anything else is the
 * user's, and the demo refuses it rather than overwrite what is there.
 */
final class DemoDirectory {
    static final String MARKER = ".elmkit-demo";
    private static final Set<String> DEMO_NAMES = Set.of(MARKER, "data", "training", "pair0_input_raster.png",
        "pair0_input_raster.svg", "pair0_output.png", "pair0_output.svg", "outputs.npz");

    private DemoDirectory() {
    }

    /** Checks that {@code out} is the demo's to write into, creates it and marks it. */
    static void claim(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException(out + ": expected a folder for the demo's output, found a file (choose another --out)");
        }
        Path marker = out.resolve(MARKER);
        if (Files.isDirectory(out) && !Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            List<String> foreign = new ArrayList<>();
            try (Stream<Path> s = Files.list(out)) {
                s.map(p -> p.getFileName().toString()).filter(n -> !DEMO_NAMES.contains(n)).sorted()
                    .forEach(foreign::add);
            }
            if (!foreign.isEmpty()) {
                throw new IOException(out + ": not empty and not a folder the demo made (no " + MARKER + " marker; holds "
                    + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
                    + "); the demo replaces its files on every run, so choose a missing or empty --out");
            }
        }
        Files.createDirectories(out);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(marker, "Made by `elmkit demo`, which re-runs into this folder and replaces its own files.\n");
        }
    }
}
