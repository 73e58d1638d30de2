package io.elmkit.io.fetch;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.progress.ProgressMeter;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decompresses a {@code .gz} file into a new file, refusing to write more than a limit: a small
 * forged file can inflate to terabytes (a gzip bomb), so the output is bounded before it fills the
 * disk. Reports the decompressed size and its md5.
 */
public final class BoundedGunzip {
    private BoundedGunzip() {
    }

    /** Size and md5 of what was written. */
    public record Result(long bytes, String md5) {
    }

    /**
     * Decompresses {@code gz} (every gzip member, as {@code gunzip} does) into {@code out}, which
     * must not exist yet; {@code source} names the compressed file in errors.
     *
     * @param maxBytes the most bytes the output may take (e.g. {@link io.elmkit.io.check.InputLimits#MAX_BYTES})
     * @param progress counts the decompressed bytes
     * @throws InputFormatException when the data is not gzip, is truncated or corrupt, or inflates past
     *                              {@code maxBytes} ({@code out} is left for the caller, who created it, to delete)
     */
    public static Result gunzip(Path gz, String source, Path out, long maxBytes, ProgressMeter progress)
        throws IOException {
        MessageDigest digest = Md5.newDigest();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream raw = new BufferedInputStream(
                 Files.newInputStream(gz, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), 1 << 16);
             OutputStream sink = Files.newOutputStream(out, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS,
                 StandardOpenOption.TRUNCATE_EXISTING)) {
            InputStream in = open(raw, source);
            int n;
            while ((n = read(in, buffer, source)) > 0) {
                if (n > maxBytes - total) {
                    throw new InputFormatException(source, "decompressed size", "at most " + maxBytes + " bytes",
                        "more (a gzip bomb, or not the expected file)");
                }
                sink.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                total += n;
                progress.advance(n);
            }
        }
        progress.finish();
        return new Result(total, Md5.hex(digest));
    }

    /**
     * {@code raw} read through a gzip decoder (64 KiB buffer); a stream without a complete gzip header
     * is an {@link InputFormatException} naming {@code source}. Every reader of {@code .gz} files opens
     * them here.
     */
    public static InputStream open(InputStream raw, String source) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            // The JDK's message ("Not in GZIP format") adds nothing for a user: not chained.
            throw new InputFormatException(source, "gzip header", "gzip data (magic 1f 8b)",
                "something else or a truncated file");
        }
    }

    private static int read(InputStream in, byte[] buffer, String source) throws IOException {
        try {
            return in.read(buffer);
        } catch (ZipException | EOFException e) {
            throw new InputFormatException(source, "gzip data", "complete, uncorrupted deflate data",
                "a truncated or corrupt stream");
        }
    }
}
