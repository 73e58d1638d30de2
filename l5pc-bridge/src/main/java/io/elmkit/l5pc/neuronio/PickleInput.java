package io.elmkit.l5pc.neuronio;

import io.elmkit.io.check.InputLimits;
import io.elmkit.io.FileKind;
import io.elmkit.io.fetch.BoundedGunzip;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * The bytes of a pickle file, plain or gzip-compressed (recognised by content, not by name), with
 * what a reader needs to refuse a forged length before allocating it: how many bytes can still
 * come. For a plain file that is the file size less what was read; a gzip stream's size is unknown
 * until it ends, so it is bounded by the decompression limit ({@link #maxBytes()}), and inflating
 * past that limit is refused (a gzip bomb ends there, not in an OutOfMemoryError). Errors of the
 * compressed stream become one line naming the file and the decompressed offset.
 */
final class PickleInput extends FilterInputStream {
    private final String source;
    private final boolean compressed;
    private final long limitBytes;
    private long position;

    private PickleInput(InputStream in, String source, boolean compressed, long limitBytes) {
        super(in);
        this.source = source;
        this.compressed = compressed;
        this.limitBytes = limitBytes;
    }

    /**
     * The decompression limit: {@code elmkit.limit.bytes} read now (not only when {@link InputLimits}
     * was loaded), so a test or a run can lower it without restarting the JVM.
     */
    static long maxBytes() {
        return Long.getLong("elmkit.limit.bytes", InputLimits.MAX_BYTES);
    }

    /** Opens {@code path}: a pickle (0x80) or a gzip of one; any other kind of file is refused by name. */
    static PickleInput open(Path path, long limitBytes) throws IOException {
        String source = path.toString();
        if (!Files.exists(path)) {
            throw new NoSuchFileException(source, null, "NeuronIO file not found");
        }
        FileKind kind = FileKind.of(path);
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            switch (kind) {
                case PICKLE:
                    return new PickleInput(raw, source, false, Math.min(Files.size(path), limitBytes));
                case GZIP:
                    return new PickleInput(new BufferedInputStream(BoundedGunzip.open(raw, source), 1 << 16), source, true, limitBytes);
                default:
                    throw NeuronioFile.refusal(source, kind);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    boolean compressed() {
        return compressed;
    }

    /** Bytes read so far (decompressed bytes for a gzip file): the pickle offset. */
    long position() {
        return position;
    }

    /** How many bytes can still come: the rest of a plain file, or what the limit leaves of a gzip stream. */
    long bytesLeft() {
        return limitBytes - position;
    }

    /** Names what bounds {@link #bytesLeft()}, for messages. */
    String whatBoundsTheRest() {
        return compressed ? "the " + bytesLeft() + " bytes the decompression limit elmkit.limit.bytes (" + limitBytes
            + ") leaves" : "the " + bytesLeft() + " bytes left in the file";
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (EOFException | ZipException e) {
            throw damaged(e);
        }
        if (b >= 0) {
            position++;
            checkLimit();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (EOFException | ZipException e) {
            throw damaged(e);
        }
        if (n > 0) {
            position += n;
            checkLimit();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Counted like reads (offsets, the decompression limit); in steps, so a bomb stops at the limit.
        long done = 0;
        while (done < n) {
            long step;
            try {
                step = super.skip(Math.min(n - done, 1 << 16));
            } catch (EOFException | ZipException e) {
                throw damaged(e);
            }
            if (step > 0) {
                position += step;
                done += step;
                checkLimit();
            } else if (read() >= 0) { // skip may return 0 before the end: one byte tells
                done++;
            } else {
                break;
            }
        }
        return done;
    }

    private void checkLimit() throws NeuronioFormatException {
        if (position > limitBytes && compressed) {
            throw new NeuronioFormatException(source, "gzip stream", "at most " + limitBytes
                + " decompressed bytes (elmkit.limit.bytes)", "more: a gzip bomb or a file too large for this limit");
        }
    }

    private NeuronioFormatException damaged(IOException e) {
        String what = e instanceof EOFException ? "the compressed data ends early (truncated .gz)"
            : "corrupt compressed data (" + e.getMessage() + ")";
        return new NeuronioFormatException(source, "gzip stream after " + position + " decompressed bytes", what);
    }
}
