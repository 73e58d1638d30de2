package io.elmkit.io.fetch;

import io.elmkit.testsupport.LocalHttpServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {
    private static final String NAME = "data.bin.gz";

    @TempDir
    Path dir;

    private LocalHttpServer server;
    private byte[] content;
    private String md5;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        content = new byte[300_000];
        new Random(7).nextBytes(content);
        md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        server = new LocalHttpServer().serve(NAME, content);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Download download(int attempts) {
        return new Download(Download.defaultClient(), new PrintStream(log, true, StandardCharsets.UTF_8), attempts,
            Duration.ZERO);
    }

    @Test
    void freshDownloadHoldsTheFileAndDiscardRemovesWhatWeCreated() throws Exception {
        Path part = dir.resolve(NAME + ".part");
        assertEquals(content.length, download(1).toPart(server.uri(NAME), part, md5));
        assertArrayEquals(content, Files.readAllBytes(part));
        assertTrue(Files.exists(Download.markerOf(part)));
        assertNull(server.gets(NAME).get(0).range(), "a fresh download asks for the whole file");
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("bytes " + content.length + "/" + content.length),
            log.toString(StandardCharsets.UTF_8));

        Download.discard(part);
        assertFalse(Files.exists(part));
        assertFalse(Files.exists(Download.markerOf(part)));
    }

    @Test
    void connectionLostMidBodyIsResumedWithRange() throws Exception {
        server.cutAfter(100_000, 1);
        Path part = dir.resolve(NAME + ".part");
        download(3).toPart(server.uri(NAME), part, md5);
        assertArrayEquals(content, Files.readAllBytes(part));
        List<LocalHttpServer.Request> gets = server.gets(NAME);
        assertEquals(2, gets.size(), gets.toString());
        assertNull(gets.get(0).range());
        LocalHttpServer.assertResumedWithin(gets.get(1).range(), 100_000);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("resuming (attempt 2 of 3)"),
            log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stalledBodyIsDroppedAndResumed() throws Exception {
        server.cutAfter(100_000, 1).stallBeforeCut(10_000);
        Path part = dir.resolve(NAME + ".part");
        Download download = new Download(Download.defaultClient(), new PrintStream(log, true, StandardCharsets.UTF_8),
            3, Duration.ZERO, Duration.ofMillis(300));
        long startNanos = System.nanoTime();
        download.toPart(server.uri(NAME), part, md5);
        assertTrue(System.nanoTime() - startNanos < 8_000_000_000L, "resumed before the server gave up");
        assertArrayEquals(content, Files.readAllBytes(part));
        LocalHttpServer.assertResumedWithin(server.gets(NAME).get(1).range(), 100_000);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("no data for 0 s"), log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void twoDownloadsOfOnePartDoNotMix() throws Exception {
        server.cutAfter(100_000, 1).stallBeforeCut(3_000);
        Path part = dir.resolve(NAME + ".part");
        Thread first = new Thread(() -> {
            try {
                download(2).toPart(server.uri(NAME), part, md5);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        first.start();
        while (server.gets(NAME).isEmpty()) {
            Thread.sleep(10);
        }
        IOException e = assertThrows(IOException.class, () -> download(1).toPart(server.uri(NAME), part, md5));
        assertTrue(e.getMessage().contains("another download is writing it"), e.getMessage());
        first.join();
        assertArrayEquals(content, Files.readAllBytes(part));
    }

    @Test
    void serverIgnoringRangeRestartsFromByteZero() throws Exception {
        server.cutAfter(100_000, 1).ignoreRange(true);
        Path part = dir.resolve(NAME + ".part");
        download(3).toPart(server.uri(NAME), part, md5);
        assertArrayEquals(content, Files.readAllBytes(part), "the 200 body replaces the partial bytes, not appended");
        LocalHttpServer.assertResumedWithin(server.gets(NAME).get(1).range(), 100_000);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("restarting from byte 0"));
    }

    @Test
    void aPartLeftByAFailedRunIsResumedByTheNextRun() throws Exception {
        server.cutAfter(120_000, 1);
        Path part = dir.resolve(NAME + ".part");
        IOException e = assertThrows(IOException.class, () -> download(1).toPart(server.uri(NAME), part, md5));
        assertTrue(e.getMessage().contains("run again to resume"), e.getMessage());
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= 120_000, "the bytes received are kept for the next run: " + kept);

        download(1).toPart(server.uri(NAME), part, md5);
        assertArrayEquals(content, Files.readAllBytes(part));
        assertEquals("bytes=" + kept + "-", server.gets(NAME).get(1).range());
    }

    @Test
    void completePartGetsA416AndIsCheckedByItsMd5() throws Exception {
        Path part = dir.resolve(NAME + ".part");
        download(1).toPart(server.uri(NAME), part, md5);
        // Same URL and md5 again (the caller did not discard): the server has nothing past the end.
        download(1).toPart(server.uri(NAME), part, md5);
        assertArrayEquals(content, Files.readAllBytes(part));
        assertEquals("bytes=" + content.length + "-", server.gets(NAME).get(1).range());
    }

    @Test
    void wrongMd5IsOneLineAndLeavesNothing() throws Exception {
        Path part = dir.resolve(NAME + ".part");
        String wrong = "0123456789abcdef0123456789abcdef";
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> download(1).toPart(server.uri(NAME), part, wrong));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        assertTrue(e.getMessage().contains("md5: expected " + wrong + ", found " + md5), e.getMessage());
        assertFalse(Files.exists(part), "a corrupt download is not kept");
        assertFalse(Files.exists(Download.markerOf(part)));
    }

    @Test
    void aPartWeDidNotStartIsNeverTouched() throws Exception {
        Path part = dir.resolve(NAME + ".part");
        Files.writeString(part, "the user's own notes");
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> download(1).toPart(server.uri(NAME), part, md5));
        assertTrue(e.getMessage().contains("was not started by elmkit"), e.getMessage());
        assertEquals("the user's own notes", Files.readString(part));
        assertTrue(server.requests().isEmpty(), "nothing is downloaded");
        // and discard() does not delete it either
        Download.discard(part);
        assertTrue(Files.exists(part));
    }

    @Test
    void ourPartForAnotherVersionIsStartedAgain() throws Exception {
        server.cutAfter(50_000, 1);
        Path part = dir.resolve(NAME + ".part");
        String older = "ffffffffffffffffffffffffffffffff";
        assertThrows(IOException.class, () -> download(1).toPart(server.uri(NAME), part, older));
        download(1).toPart(server.uri(NAME), part, md5);
        assertArrayEquals(content, Files.readAllBytes(part));
        assertNull(server.gets(NAME).get(1).range(), "bytes of another version are not resumed");
    }

    @Test
    void notFoundIsOneLineWithoutRetries() {
        Path part = dir.resolve("missing.gz.part");
        IOException e = assertThrows(IOException.class,
            () -> download(5).toPart(server.uri("missing.gz"), part, md5));
        assertEquals(server.uri("missing.gz") + ": HTTP status 404 (not found)", e.getMessage());
        assertEquals(1, server.gets("missing.gz").size());
    }

    @Test
    void textIsBounded() throws Exception {
        server.serve("md5sums.txt", (md5 + "  " + NAME + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(md5 + "  " + NAME + "\n", download(1).text(server.uri("md5sums.txt"), 1000));
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> download(1).text(server.uri(NAME), 1000));
        assertTrue(e.getMessage().contains("at most 1000 bytes"), e.getMessage());
    }

    @Test
    void md5SumsParsesMd5sumOutput() throws Exception {
        Md5Sums sums = Md5Sums.parse("md5sums.txt", String.join("\n",
            "d47c9825dee33347913e8ce0f2be08b0  shd_train.h5.gz",
            "3062A80EC0C5719404D5B02E166543B1 *./shd_test.h5.gz",
            "# a comment line",
            "not-an-md5  other.gz",
            ""));
        assertEquals("d47c9825dee33347913e8ce0f2be08b0", sums.require("shd_train.h5.gz"));
        assertEquals("3062a80ec0c5719404d5b02e166543b1", sums.require("shd_test.h5.gz"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> sums.require("ssc_test.h5.gz"));
        assertEquals("md5sums.txt: ssc_test.h5.gz: expected a line '<md5>  ssc_test.h5.gz', found only "
            + "shd_train.h5.gz, shd_test.h5.gz", e.getMessage());
    }
}
