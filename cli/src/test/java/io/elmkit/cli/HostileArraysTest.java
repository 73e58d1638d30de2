package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus of the array and model readers ({@link HostileArraysCorpus}: .npy, .npz, .pt,
 * model_config.json, events .npz) through the commands that read them (predict, gradients, info,
 * run, convert): each ends with exit 1 and one line naming the file, the field, expected and found,
 * quickly, without running out of memory or stack.
 */
class HostileArraysTest {
    private static final Path CORPUS = Path.of("target", "hostile-arrays");
    private static List<HostileArraysCorpus.Case> cases;

    static synchronized Stream<HostileArraysCorpus.Case> corpus() throws IOException {
        if (cases == null) {
            cases = HostileArraysCorpus.write(CORPUS);
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsInOneLineNamingTheFile(HostileArraysCorpus.Case c) {
        String line = HostileInput.assertOneLineError(c.file(), c.args(), c.mentions());
        // Kept in the surefire report: the closing note quotes these lines.
        System.out.println(c + " | " + line);
    }

    /** The corpus's good model and events file are read: the errors above come from the hostile bytes. */
    @Test
    void theGoodFilesOfTheCorpusAreRead() throws IOException {
        corpus();
        Path model = CORPUS.resolve("good-model");
        CliRunner info = CliRunner.run("info", "--model", model.toString());
        assertEquals(0, info.exitCode, info.err);
        CliRunner convert = CliRunner.run("convert", CORPUS.resolve("ev_good.npz").toString(),
            CORPUS.resolve("out/good.npy").toString());
        assertEquals(0, convert.exitCode, convert.err);
        CliRunner predict = CliRunner.run("predict", "--model", model.toString(), "--input",
            CORPUS.resolve("npy_x.npy").toString(), "--output", CORPUS.resolve("out/good-y.npy").toString());
        assertEquals(0, predict.exitCode, predict.err);
        assertTrue(cases.size() >= 60, "corpus of " + cases.size() + " cases");
    }
}
