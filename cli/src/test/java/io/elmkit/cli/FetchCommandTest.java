package io.elmkit.cli;

import io.elmkit.testsupport.LocalHttpServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.shd.ShdFlatWriter;
import io.elmkit.shd.synthetic.SyntheticShd;
import io.elmkit.testsupport.TestBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code elmkit fetch shd} end to end against a local HTTP server publishing SHD-layout files. */
class FetchCommandTest {
    @TempDir
    Path tmp;

    private LocalHttpServer server;
    private Path dir;
    private byte[] train;
    private byte[] test;

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("data");
        train = shdFile("train", 40, 1);
        test = shdFile("test", 12, 2);
        server = new LocalHttpServer();
        byte[] trainGz = TestBytes.gzip(train);
        byte[] testGz = TestBytes.gzip(test);
        server.serve("shd_train.h5.gz", trainGz).serve("shd_test.h5.gz", testGz)
            .serve("md5sums.txt", (TestBytes.md5(trainGz) + "  shd_train.h5.gz\n" + TestBytes.md5(testGz) + "  shd_test.h5.gz\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A small SHD file (flat layout, which every SHD reader of elmkit opens) as bytes. */
    private byte[] shdFile(String name, int samples, long seed) throws IOException {
        Path file = tmp.resolve(name + "-source.h5");
        ShdFlatWriter.write(SyntheticShd.generate(name, samples, 7, seed, 0.02), file);
        return Files.readAllBytes(file);
    }

    private String[] fetch(String... extra) {
        String[] base = {"fetch", "shd", "--dir", dir.toString(), "--base-url", server.base()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsChecksAndTellsHowToUseThenReusesTheCache() throws Exception {
        CliRunner r = CliRunner.run(fetch());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("shd_train.h5: downloaded, md5 ok, 40 samples"), r.out);
        assertTrue(r.out.contains("shd_test.h5: downloaded, md5 ok, 12 samples"), r.out);
        assertTrue(r.out.contains("elmkit train shd-adding --train " + dir.resolve("shd_train.h5") + " --test "
            + dir.resolve("shd_test.h5")), r.out);
        assertTrue(r.out.contains("elmkit shd-adding --shd " + dir.resolve("shd_train.h5")), r.out);
        assertTrue(r.err.contains("bytes " + TestBytes.gzip(train).length + "/" + TestBytes.gzip(train).length), "progress: " + r.err);
        assertArrayEquals(train, Files.readAllBytes(dir.resolve("shd_train.h5")));
        assertArrayEquals(test, Files.readAllBytes(dir.resolve("shd_test.h5")));
        assertEquals(List.of("shd_test.h5", "shd_test.h5.fetched", "shd_train.h5", "shd_train.h5.fetched"), listing());

        int gets = server.gets("shd_train.h5.gz").size() + server.gets("shd_test.h5.gz").size();
        CliRunner again = CliRunner.run(fetch());
        assertEquals(0, again.exitCode, again.err);
        assertTrue(again.out.contains("shd_train.h5: already here and unchanged (nothing downloaded)"), again.out);
        assertEquals(gets, server.gets("shd_train.h5.gz").size() + server.gets("shd_test.h5.gz").size(),
            "the second run downloads nothing");

        CliRunner check = CliRunner.run("fetch", "shd", "--dir", dir.toString(), "--offline-check");
        assertEquals(0, check.exitCode, check.err);
        assertTrue(check.out.contains("shd_test.h5: unchanged since it was fetched, 12 samples"), check.out);
    }

    @Test
    void usersFileOfTheSameNameIsAnErrorNotOverwritten() throws Exception {
        Files.createDirectories(dir);
        Path mine = Files.writeString(dir.resolve("shd_train.h5"), "my notes");
        HostileInput.assertOneLineError(mine, fetch("--only", "train"), "was not fetched by elmkit");
        assertEquals("my notes", Files.readString(mine));
        assertEquals(List.of("shd_train.h5"), listing());
    }

    @Test
    void wrongChecksumIsOneErrorLineNamingFileExpectedAndFound() throws Exception {
        String wrong = "0123456789abcdef0123456789abcdef";
        server.serve("md5sums.txt", (wrong + "  shd_train.h5.gz\n").getBytes(StandardCharsets.UTF_8));
        CliRunner r = CliRunner.run(fetch("--only", "train"));
        assertEquals(1, r.exitCode, r.err);
        List<String> errors = r.err.lines().filter(l -> l.contains(": error: ")).toList();
        assertEquals(1, errors.size(), r.err);
        assertTrue(errors.get(0).contains("/shd_train.h5.gz: md5: expected " + wrong + ", found "
            + TestBytes.md5(TestBytes.gzip(train))), errors.get(0));
        assertEquals(List.of(), listing(), "nothing is kept under any name");
    }

    @Test
    void offlineCheckOfAnEmptyDirectoryNamesTheMissingFile() {
        HostileInput.assertOneLineError(dir.resolve("shd_train.h5"),
            new String[] {"fetch", "shd", "--dir", dir.toString(), "--offline-check"}, "not fetched yet");
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void badOnlyValueAndUnreachableServerAreOneLine() {
        Path nowhere = dir.resolve("shd_train.h5");
        HostileInput.assertOneLineError(Path.of("--only"), fetch("--only", "validation"), "train, test or all");
        server.close();
        CliRunner r = CliRunner.run(fetch());
        assertEquals(1, r.exitCode);
        assertTrue(r.err.contains("md5sums.txt: cannot connect"), r.err);
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void helpGivesEveryOptionItsDefaultAndAnExample() {
        CliRunner r = CliRunner.run("fetch", "shd", "--help");
        assertEquals(0, r.exitCode);
        for (String option : List.of("--dir", "--base-url", "--only", "--offline-check")) {
            String line = r.out.lines().filter(l -> l.matches("\\s+(-\\w, )?" + option + "\\b.*")).findFirst()
                .orElse("");
            assertFalse(line.isEmpty(), option + " is not listed:\n" + r.out);
            int at = r.out.indexOf(line);
            // The option's entry: its line and the indented lines that continue it.
            String entry = r.out.substring(at, Math.min(r.out.length(), at + 240)).split("\n\\s{0,6}-")[0];
            assertTrue(entry.contains("default"), option + " without a default in:\n" + r.out);
        }
        assertTrue(r.out.contains("https://zenkelab.org/datasets"), r.out);
        assertTrue(r.out.contains("Examples:\n  elmkit fetch shd"), r.out);
    }
}
