package io.elmkit.io.npy;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The data of one zip entry (an .npz array, a .pt pickle or storage), read the way NumPy and
 * PyTorch read it: never more bytes than the entry declares (a deflate bomb stops at the declared
 * size), exactly as many as it declares, and with the CRC-32 the archive records. {@link ZipFile}
 * checks none of this itself.
 */
public final class CheckedZipEntry extends InputStream {
    /**
     * Deflate cannot expand its input more than about 1032 times (a 258-byte match in at most 2
     * bits); a declared size beyond this ratio is a forged header, refused before inflating.
     */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final InputStream in;
    private final String source;
    private final String entry;
    private final long declaredBytes;
    private final long expectedCrc;
    private final CRC32 crc = new CRC32();
    private long readBytes;
    private boolean verified;

    private CheckedZipEntry(InputStream in, String source, ZipEntry e) {
        this.in = in;
        this.source = source;
        this.entry = e.getName();
        this.declaredBytes = e.getSize();
        this.expectedCrc = e.getCrc();
    }

    /**
     * Opens entry {@code e} of {@code zip}; its declared size must be at most {@code maxBytes} and
     * plausible for its compressed size. {@code source} names the archive in errors.
     */
    public static CheckedZipEntry open(ZipFile zip, ZipEntry e, String source, long maxBytes) throws IOException {
        long size = e.getSize();
        if (size < 0 || size > maxBytes) {
            throw new InputFormatException(source, "entry " + e.getName() + ": size",
                "at most " + maxBytes + " bytes (limit elmkit.limit.bytes or one Java array)", size + " bytes declared");
        }
        long packed = e.getCompressedSize();
        long archiveBytes = new java.io.File(zip.getName()).length();
        if (packed < 0 || packed > archiveBytes) {
            throw new InputFormatException(source, "entry " + e.getName() + ": compressed size",
                "at most the archive's " + archiveBytes + " bytes", packed + " bytes declared");
        }
        if (e.getMethod() == ZipEntry.STORED && packed != size) {
            throw new InputFormatException(source, "entry " + e.getName() + ": size", packed
                + " bytes, the bytes stored (a stored entry is not compressed)", size + " bytes declared");
        }
        if (e.getMethod() == ZipEntry.DEFLATED && packed >= 0 && size > packed * MAX_DEFLATE_RATIO + 1024) {
            throw new InputFormatException(source, "entry " + e.getName() + ": size",
                "at most " + MAX_DEFLATE_RATIO + " times the " + packed + " compressed bytes (what deflate can produce)",
                size + " bytes declared (a forged size or a deflate bomb)");
        }
        if (e.getCrc() < 0) {
            throw new InputFormatException(source, "entry " + e.getName() + ": crc-32", "a CRC-32 in the archive", "none");
        }
        return new CheckedZipEntry(zip.getInputStream(e), source, e);
    }

    /** The whole entry (at most {@code maxBytes}, one Java array at most), checked. */
    public static byte[] readAll(ZipFile zip, ZipEntry e, String source, long maxBytes) throws IOException {
        try (CheckedZipEntry in = open(zip, e, source, Math.min(maxBytes, InputLimits.MAX_ARRAY_ELEMENTS))) {
            byte[] bytes = new byte[(int) in.declaredBytes];
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n != bytes.length) {
                throw in.lengthError(n);
            }
            in.verifyEnd();
            return bytes;
        }
    }

    /** The entry's size as the archive declares it (what {@link #verifyEnd()} holds it to). */
    public long declaredBytes() {
        return declaredBytes;
    }

    /** Bytes read so far. */
    public long position() {
        return readBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long left = declaredBytes - readBytes;
        // Ask for one byte more than declared at the end, so data past the declared size is seen, not inflated.
        int want = (int) Math.min(len, Math.max(1, left));
        int n;
        try {
            n = in.read(b, off, want);
        } catch (EOFException ex) {
            throw new InputFormatException(source, "entry " + entry, declaredBytes + " bytes of deflate data",
                "the compressed data ending after " + readBytes + " bytes (truncated)");
        } catch (ZipException ex) {
            // The inflater's own words ("invalid stored block lengths", ...) say what is corrupt.
            throw new InputFormatException(source, "entry " + entry, declaredBytes + " bytes of deflate data",
                "corrupt compressed data after " + readBytes + " bytes (" + ex.getMessage() + ")");
        }
        if (n < 0) {
            return -1;
        }
        if (readBytes + n > declaredBytes) {
            throw new InputFormatException(source, "entry " + entry + ": size", declaredBytes + " bytes as declared",
                "more data (a forged size or a deflate bomb); nothing past the declared size was inflated");
        }
        crc.update(b, off, n);
        readBytes += n;
        return n;
    }

    /**
     * Checks that the entry ends where it says and that its CRC-32 matches; call after reading what a
     * header declared (an entry that holds more or less data than declared is refused).
     */
    public void verifyEnd() throws IOException {
        if (verified) {
            return;
        }
        if (readBytes < declaredBytes) {
            throw lengthError(readBytes);
        }
        if (read() >= 0) {
            throw new InputFormatException(source, "entry " + entry + ": size", declaredBytes + " bytes",
                "more data than declared");
        }
        if (crc.getValue() != expectedCrc) {
            throw new InputFormatException(source, "entry " + entry + ": crc-32",
                String.format("%08x (recorded in the archive)", expectedCrc),
                String.format("%08x (the data is corrupt)", crc.getValue()));
        }
        verified = true;
    }

    private InputFormatException lengthError(long found) {
        return new InputFormatException(source, "entry " + entry + ": size", declaredBytes + " bytes as declared",
            found + " bytes (truncated)");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
