package io.elmkit.shd.fetch;

import io.elmkit.testsupport.LocalHttpServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.fetch.Download;
import io.elmkit.io.fetch.Md5;
import io.elmkit.shd.fetch.ShdFetcher.Fetched;
import io.elmkit.shd.fetch.ShdFetcher.Outcome;
import io.elmkit.shd.fetch.ShdFetcher.Split;
import io.elmkit.testsupport.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ShdFetcher} against a local HTTP server serving a gzipped SHD-layout file and its md5sums.txt. */
class ShdFetcherTest {
    private static final List<Split> BOTH = List.of(Split.TRAIN, Split.TEST);
    private static final long NO_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path tmp;

    private Path dir;
    private LocalHttpServer server;
    private byte[] h5;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        dir = tmp.resolve("shd");
        h5 = Files.readAllBytes(Path.of(ShdFetcherTest.class.getResource("/io/elmkit/shd/good3.h5").toURI()));
        server = new LocalHttpServer();
        publish("shd_train.h5.gz", TestBytes.gzip(h5));
        publish("shd_test.h5.gz", TestBytes.gzip(h5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private final StringBuilder sums = new StringBuilder();

    /** Serves {@code bytes} under {@code name} and lists its md5 (md5sum format) in md5sums.txt. */
    private void publish(String name, byte[] bytes) throws Exception {
        publishWithMd5(name, bytes, TestBytes.md5(bytes));
    }

    private void publishWithMd5(String name, byte[] bytes, String listedMd5) {
        server.serve(name, bytes);
        sums.append(listedMd5).append("  ").append(name).append('\n');
        server.serve("md5sums.txt", sums.toString().getBytes(StandardCharsets.UTF_8));
    }

    private ShdFetcher fetcher(long maxBytes) {
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        return new ShdFetcher(dir, server.base(), new Download(Download.defaultClient(), out, 3, Duration.ZERO), out,
            maxBytes);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void freshDownloadGivesTheSourceFilesAndLeavesNoPart() throws Exception {
        List<Fetched> fetched = fetcher(NO_LIMIT).fetch(BOTH);
        assertEquals(2, fetched.size());
        for (Fetched f : fetched) {
            assertEquals(Outcome.DOWNLOADED, f.outcome());
            assertEquals(3, f.samples());
            assertArrayEquals(h5, Files.readAllBytes(f.h5()));
        }
        assertEquals(List.of("shd_test.h5", "shd_test.h5.fetched", "shd_train.h5", "shd_train.h5.fetched"), listing());
        String record = Files.readString(dir.resolve("shd_train.h5.fetched"));
        assertTrue(record.contains("h5_md5=" + TestBytes.md5(h5)), record);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("downloading " + server.base() + "/shd_train.h5.gz"));
    }

    @Test
    void secondRunReusesTheCacheWithoutDownloading() throws Exception {
        fetcher(NO_LIMIT).fetch(BOTH);
        int before = server.requests().size();
        List<Fetched> again = fetcher(NO_LIMIT).fetch(BOTH);
        assertEquals(List.of(Outcome.CACHED, Outcome.CACHED), again.stream().map(Fetched::outcome).toList());
        List<LocalHttpServer.Request> later = server.requests().subList(before, server.requests().size());
        assertEquals(List.of("/md5sums.txt"), later.stream().map(LocalHttpServer.Request::path).toList(),
            "only the checksum list is asked for");
        assertEquals(List.of(Outcome.VERIFIED, Outcome.VERIFIED),
            fetcher(NO_LIMIT).check(BOTH).stream().map(Fetched::outcome).toList());
    }

    @Test
    void withoutTheServerTheCacheIsCheckedAgainstItsRecords() throws Exception {
        fetcher(NO_LIMIT).fetch(BOTH);
        server.close();
        assertEquals(List.of(Outcome.CACHED, Outcome.CACHED),
            fetcher(NO_LIMIT).fetch(BOTH).stream().map(Fetched::outcome).toList());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("checked against their .fetched records instead"));
        Files.delete(dir.resolve("shd_test.h5"));
        IOException e = assertThrows(IOException.class, () -> fetcher(NO_LIMIT).fetch(BOTH));
        assertTrue(e.getMessage().endsWith("/md5sums.txt: cannot connect to 127.0.0.1:" + server.base().replaceAll(".*:", "")
            + " (unknown host, connection refused or no network)"), e.getMessage());
    }

    @Test
    void conflictsAreReportedBeforeAnythingIsDownloaded() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("shd_test.h5"), "mine");
        assertThrows(InputFormatException.class, () -> fetcher(NO_LIMIT).fetch(BOTH));
        assertTrue(server.gets("shd_train.h5.gz").isEmpty(), "train is not downloaded when test is in the way");
        assertEquals(List.of("shd_test.h5"), listing());
    }

    @Test
    void interruptedDownloadResumesWithRange() throws Exception {
        int half = TestBytes.gzip(h5).length / 2;
        server.cutAfter(half, 1);
        Fetched train = fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)).get(0);
        assertArrayEquals(h5, Files.readAllBytes(train.h5()));
        List<LocalHttpServer.Request> gets = server.gets("shd_train.h5.gz");
        assertEquals(2, gets.size());
        LocalHttpServer.assertResumedWithin(gets.get(1).range(), half);
        assertEquals(List.of("shd_train.h5", "shd_train.h5.fetched"), listing());
    }

    @Test
    void serverIgnoringRangeRestartsCleanly() throws Exception {
        int half = TestBytes.gzip(h5).length / 2;
        server.cutAfter(half, 1).ignoreRange(true);
        Fetched train = fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)).get(0);
        assertArrayEquals(h5, Files.readAllBytes(train.h5()));
        LocalHttpServer.assertResumedWithin(server.gets("shd_train.h5.gz").get(1).range(), half);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("restarting from byte 0"));
    }

    @Test
    void wrongMd5IsOneLineAndLeavesNoFile() throws Exception {
        server.close();
        server = new LocalHttpServer();
        sums.setLength(0);
        byte[] gz = TestBytes.gzip(h5);
        String wrong = "00000000000000000000000000000000";
        publishWithMd5("shd_train.h5.gz", gz, wrong);
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)));
        assertEquals(server.base() + "/shd_train.h5.gz: md5: expected " + wrong + ", found " + TestBytes.md5(gz) + " over "
            + gz.length + " bytes (the download was deleted; run again, or check the URL)", e.getMessage());
        assertEquals(List.of(), listing(), "nothing corrupt is kept, under any name");
    }

    @Test
    void usersFileAtTheTargetIsNeverOverwritten() throws Exception {
        Files.createDirectories(dir);
        Path mine = Files.writeString(dir.resolve("shd_train.h5"), "my own experiment, not SHD");
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)));
        assertTrue(e.getMessage().startsWith(mine + ": exists and was not fetched by elmkit"), e.getMessage());
        assertEquals("my own experiment, not SHD", Files.readString(mine));
        assertTrue(server.gets("shd_train.h5.gz").isEmpty());
        assertEquals(List.of("shd_train.h5"), listing());
    }

    @Test
    void fetchedFileChangedSinceIsReportedNotReplaced() throws Exception {
        fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN));
        Path train = dir.resolve("shd_train.h5");
        byte[] edited = h5.clone();
        edited[edited.length - 1] ^= 1;
        Files.write(train, edited);
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)));
        assertTrue(e.getMessage().contains("md5: expected " + TestBytes.md5(h5)), e.getMessage());
        assertTrue(e.getMessage().contains("found " + TestBytes.md5(edited) + " (changed since"), e.getMessage());
        assertArrayEquals(edited, Files.readAllBytes(train));
        assertThrows(InputFormatException.class, () -> fetcher(NO_LIMIT).check(List.of(Split.TRAIN)));
    }

    @Test
    void gzipBombIsRefusedAtTheLimit() throws Exception {
        server.close();
        server = new LocalHttpServer();
        sums.setLength(0);
        publish("shd_train.h5.gz", TestBytes.gzip(new byte[32 << 20]));
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> fetcher(1 << 20).fetch(List.of(Split.TRAIN)));
        assertEquals(server.base() + "/shd_train.h5.gz: decompressed size: expected at most 1048576 bytes, found more"
            + " (a gzip bomb, or not the expected file)", e.getMessage());
        assertEquals(List.of(), listing(), "neither the bomb nor its partial output is kept");
    }

    @Test
    void publishedFileThatIsNotShdIsRefused() throws Exception {
        server.close();
        server = new LocalHttpServer();
        sums.setLength(0);
        publish("shd_train.h5.gz", TestBytes.gzip("<html>moved</html>".getBytes(StandardCharsets.UTF_8)));
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)));
        assertTrue(e.getMessage().startsWith(server.base() + "/shd_train.h5.gz (decompressed): content: expected an"
            + " SHD HDF5 file"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void gzDownloadedByHandIsUsedAndKept() throws Exception {
        Files.createDirectories(dir);
        byte[] gz = TestBytes.gzip(h5);
        server.close();
        server = new LocalHttpServer();
        sums.setLength(0);
        publish("shd_train.h5.gz", gz);
        Path byHand = Files.write(dir.resolve("shd_train.h5.gz"), gz);
        Fetched f = fetcher(NO_LIMIT).fetch(List.of(Split.TRAIN)).get(0);
        assertEquals(Outcome.FROM_LOCAL_GZ, f.outcome());
        assertArrayEquals(h5, Files.readAllBytes(f.h5()));
        assertArrayEquals(gz, Files.readAllBytes(byHand), "the user's .gz is kept");
        assertTrue(server.gets("shd_train.h5.gz").isEmpty());
        assertEquals(Md5.ofFile(f.h5()), TestBytes.md5(h5));
    }

    @Test
    void offlineCheckBeforeFetchingSaysSo() {
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> fetcher(NO_LIMIT).check(List.of(Split.TEST)));
        assertEquals(dir.resolve("shd_test.h5") + ": not fetched yet (run elmkit fetch shd without --offline-check)",
            e.getMessage());
        assertTrue(server.requests().isEmpty());
        assertFalse(Files.exists(dir));
    }
}
