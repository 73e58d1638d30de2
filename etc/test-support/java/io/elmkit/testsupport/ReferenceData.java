package io.elmkit.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one place tests locate reference data. A relative path (the layout of {@code ../shared},
 * e.g. {@code golden/elm/synthetic-plain}) is looked up in two roots, in this order:
 * <ol>
 * <li>{@code etc/test-data} (system property {@code elmkit.testdata}): the golden cases made from
 * synthetic models, the SHD-Adding golden and the SHD files, copied into the repository (see its
 * README). Always present; tests using them never skip.</li>
 * <li>{@code ../shared} (system property {@code elmkit.shared}): published weights and NEURON
 * files, too large to copy. Absent on a bare clone: the test skips through an assumption, and
 * {@link SkippedTestsReport} prints the reason on the console. With
 * {@code -Delmkit.requireShared=true} (what .ci/run passes when {@code ../shared} exists) a missing
 * file fails the test instead, so that CI cannot pass with those tests silently skipped.</li>
 * </ol>
 */
public final class ReferenceData {
    /** Golden cases that hold published weights and so live only in ../shared. */
    private static final List<String> SHARED_ONLY_GOLDEN_CASES = List.of("num_memory_10");

    private ReferenceData() {
    }

    /** The repository's reference data, {@code etc/test-data}. */
    public static Path testDataRoot() {
        String property = System.getProperty("elmkit.testdata");
        if (property != null) {
            return Path.of(property);
        }
        // Not run by Maven (an IDE): etc/test-data in the module's parent or the working directory.
        Path here = Path.of("").toAbsolutePath();
        Path up = here.resolve("../etc/test-data").normalize();
        return Files.isDirectory(up) ? up : here.resolve("etc/test-data");
    }

    /** The shared reference data, {@code ../shared} beside the repository unless {@code elmkit.shared} says otherwise. */
    public static Path sharedRoot() {
        String property = System.getProperty("elmkit.shared");
        return property != null ? Path.of(property) : testDataRoot().resolve("../../../shared").normalize();
    }

    /** True when a test that needs ../shared must fail rather than skip (.ci/run sets it when ../shared exists). */
    public static boolean sharedRequired() {
        return Boolean.parseBoolean(System.getProperty("elmkit.requireShared", "false"));
    }

    /**
     * {@code etc/test-data/<relative>} when it is there, else {@code ../shared/<relative>}; when it is
     * in neither, the test skips saying so (or fails under {@code elmkit.requireShared}).
     */
    public static Path require(String relative) {
        Path copied = testDataRoot().resolve(relative);
        if (Files.exists(copied)) {
            return copied;
        }
        Path shared = sharedRoot().resolve(relative);
        if (!Files.exists(shared)) {
            String message = "../shared/" + relative + " not present (looked in " + sharedRoot() + ")";
            if (sharedRequired()) {
                throw new AssertionError(message + ", but elmkit.requireShared is set: this test may not skip");
            }
            assumeTrue(false, message + ": skipping");
        }
        return shared;
    }

    /** Whether {@code <relative>} is in either root (for set-up that prepares what the tests will then {@link #require}). */
    public static boolean available(String relative) {
        return Files.exists(testDataRoot().resolve(relative)) || Files.exists(sharedRoot().resolve(relative));
    }

    /** {@code etc/test-data/<relative>}, which must exist: the repository ships it. */
    public static Path testData(String relative) {
        Path path = testDataRoot().resolve(relative);
        if (!Files.exists(path)) {
            throw new AssertionError(path + " is missing: etc/test-data ships with the repository (is elmkit.testdata right?)");
        }
        return path;
    }

    /** The golden model case {@code golden/elm/<name>} (from either root; see {@link #require}). */
    public static Path goldenElm(String name) {
        return require("golden/elm/" + name);
    }

    /**
     * Every golden model case, sorted: those in etc/test-data and those only in ../shared. The
     * latter are listed even when ../shared is absent, so that their tests skip visibly.
     */
    public static List<String> goldenElmCases() {
        List<String> names = new ArrayList<>(SHARED_ONLY_GOLDEN_CASES);
        try (Stream<Path> dirs = Files.list(testData("golden/elm"))) {
            dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names.stream().sorted().toList();
    }
}
