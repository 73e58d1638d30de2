package io.elmkit.io.journal;

import io.elmkit.io.check.InputFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks the document chain of a Chronicle Queue cycle file ({@code *.cq4}) with plain reads, before
 * the queue maps it: a file cut short (truncated, or not a cycle file at all) would otherwise fault
 * inside Chronicle's memory-mapped reads. Chronicle writes each document as a 4-byte little-endian
 * header (bits 0..29 the length, bit 30 metadata, bit 31 not complete) followed by its bytes, with
 * headers 4-byte aligned, and preallocates the file, so written data always ends in a zero header
 * (or a header still marked not complete, where a writer stopped mid-document) inside the file. A
 * document reaching past the end of the file, or a chain that runs into the end of the file, means
 * the file was cut.
 */
final class CycleFileCheck {
    private static final int LENGTH_MASK = 0x3FFFFFFF;
    private static final int META_DATA = 0x40000000;
    private static final int WINDOW_BYTES = 1 << 20;

    private CycleFileCheck() {
    }

    /**
     * Checks that every complete document of {@code file} lies inside it; {@code journal} names the
     * journal in errors. Records (data documents) are numbered on from {@code firstRecord}, the count
     * of the earlier cycle files (0 for the first: the header), as the reader numbers them; returns
     * the number after this file's last.
     */
    static long check(String journal, Path file, long firstRecord) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long windowStart = 0;
            window.limit(0);
            long pos = 0;
            long record = firstRecord;
            while (true) {
                if (pos + 4 > size) {
                    throw new InputFormatException(journal, cut(file, record),
                        "the file ends at byte " + size + " without Chronicle's end of data: truncated");
                }
                if (pos < windowStart || pos + 4 > windowStart + window.limit()) {
                    window.clear();
                    windowStart = pos;
                    while (window.position() < 4) {
                        if (ch.read(window, windowStart + window.position()) < 0) {
                            break;
                        }
                    }
                    window.flip();
                }
                int header = window.getInt((int) (pos - windowStart));
                int length = header & LENGTH_MASK;
                if (pos == 0 && (header == 0 || header < 0 || (header & META_DATA) == 0 || !storeHeader(ch))) {
                    throw new InputFormatException(journal, "cycle file " + file.getFileName(), "not a Chronicle Queue "
                        + "cycle file (it does not start with Chronicle's store header)");
                }
                if (header == 0 || (header < 0 && length == 0)) {
                    return record; // end of written data, or a document being (or left) written: the reader decides
                }
                long end = pos + 4 + length;
                if (end > size) {
                    throw new InputFormatException(journal, cut(file, record), "its " + length
                        + " bytes reach byte " + end + " but the file ends at byte " + size + ": truncated");
                }
                if ((header & META_DATA) == 0) {
                    record++;
                }
                pos = (end + 3) & ~3L;
            }
        } catch (InputFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFormatException(journal, file.getFileName().toString(), "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** True when the first document names its type, {@code SCQStore}, near its start, as Chronicle's store header does. */
    private static boolean storeHeader(FileChannel ch) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(4 + 32);
        while (start.hasRemaining() && ch.read(start, start.position()) > 0) {
            // read the first bytes, or as many as the file has
        }
        String text = new String(start.array(), 0, start.position(), java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("SCQStore");
    }

    private static String cut(Path file, long record) {
        return "record " + record + " (cycle file " + file.getFileName() + ")";
    }
}
