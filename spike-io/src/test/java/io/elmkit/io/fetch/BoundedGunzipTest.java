package io.elmkit.io.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.testsupport.TestBytes;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedGunzipTest {
    @TempDir
    Path dir;

    @Test
    void gunzipsWithSizeAndMd5() throws Exception {
        byte[] data = "spikes and more spikes ".repeat(5000).getBytes();
        Path gz = Files.write(dir.resolve("a.gz"), TestBytes.gzip(data));
        Path out = Files.createFile(dir.resolve("a"));
        BoundedGunzip.Result r = BoundedGunzip.gunzip(gz, "a.gz", out, data.length, ProgressMeter.silent("bytes", 0));
        assertArrayEquals(data, Files.readAllBytes(out));
        assertEquals(data.length, r.bytes());
        assertEquals(Md5.ofFile(out), r.md5());
    }

    @Test
    void bombIsRefusedAtTheLimit() throws Exception {
        // 64 MB of zeros compress to ~64 KB; the limit stops the inflation at 1 MB.
        Path gz = Files.write(dir.resolve("bomb.gz"), TestBytes.gzip(new byte[64 << 20]));
        Path out = Files.createFile(dir.resolve("bomb"));
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> BoundedGunzip.gunzip(gz, "bomb.gz", out, 1 << 20, ProgressMeter.silent("bytes", 0)));
        assertEquals("bomb.gz: decompressed size: expected at most 1048576 bytes, found more (a gzip bomb, or not "
            + "the expected file)", e.getMessage());
        assertTrue(Files.size(out) <= 1 << 20);
    }

    @Test
    void notGzipAndTruncatedGzipAreNamed() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.gz"), "not compressed at all");
        Path out = Files.createFile(dir.resolve("out"));
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> BoundedGunzip.gunzip(plain, "plain.gz", out, 1000, ProgressMeter.silent("bytes", 0)));
        assertTrue(e.getMessage().startsWith("plain.gz: gzip header: expected gzip data"), e.getMessage());

        byte[] whole = TestBytes.gzip("spikes ".repeat(10_000).getBytes());
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(InputFormatException.class,
            () -> BoundedGunzip.gunzip(cut, "cut.gz", out, 1 << 20, ProgressMeter.silent("bytes", 0)));
        assertTrue(e.getMessage().startsWith("cut.gz: gzip data: expected complete"), e.getMessage());
    }

    @Test
    void publishNeverReplacesAnExistingFile() throws Exception {
        Path tmp = Files.writeString(dir.resolve(".x.tmp"), "ours");
        Path target = Files.writeString(dir.resolve("x"), "the user's");
        assertThrows(FileAlreadyExistsException.class, () -> NoClobber.publish(tmp, target));
        assertEquals("the user's", Files.readString(target));
        Files.delete(target);
        NoClobber.publish(tmp, target);
        assertEquals("ours", Files.readString(target));
        assertTrue(Files.notExists(tmp));
    }
}
