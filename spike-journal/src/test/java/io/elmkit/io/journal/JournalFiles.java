package io.elmkit.io.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side access to the bytes of a journal's cycle file: where each record (data document) lies,
 * and damage done to it in place (flip a byte, zero a record, mark it not complete, cut the file).
 * Chronicle's layout: 4-byte little-endian headers, 4-byte aligned, bits 0..29 length, bit 30
 * metadata, bit 31 not complete; a zero header ends the written data.
 */
final class JournalFiles {
    private JournalFiles() {
    }

    /** The only cycle file of a single-cycle journal. */
    static Path cycle(Path journal) throws IOException {
        List<Path> files = SpikeJournal.cycleFiles(journal);
        if (files.size() != 1) {
            throw new IllegalStateException(journal + ": expected one cycle file, found " + files);
        }
        return files.get(0);
    }

    /** Byte offsets of the headers of the data documents (record 0 = the journal header), and the end of written data last. */
    static long[] recordOffsets(Path cycle) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(cycle, StandardOpenOption.READ)) {
            long pos = 0;
            ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (true) {
                h.clear();
                ch.read(h, pos);
                int header = h.getInt(0);
                int length = header & 0x3FFFFFFF;
                if (header == 0 || (header < 0 && length == 0)) {
                    break;
                }
                if ((header & 0x40000000) == 0) {
                    offsets.add(pos);
                }
                pos = (pos + 4 + length + 3) & ~3L;
            }
            offsets.add(pos);
        }
        return offsets.stream().mapToLong(Long::longValue).toArray();
    }

    static int header(Path cycle, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(cycle, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, offset);
            return h.getInt(0);
        }
    }

    static void flipByte(Path cycle, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x10);
        }
    }

    /** Zeroes a record, header and payload, as a lost page would. */
    static void zeroRecord(Path cycle, long offset) throws IOException {
        int length = header(cycle, offset) & 0x3FFFFFFF;
        try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
            f.seek(offset);
            f.write(new byte[4 + length]);
        }
    }

    /** Sets a record's not-complete bit, as a writer that stopped mid-record leaves it. */
    static void markIncomplete(Path cycle, long offset) throws IOException {
        int header = header(cycle, offset) | 0x80000000;
        try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
            f.seek(offset);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header).array());
        }
    }

    /** A v4 header payload (without checksum). */
    static ByteBuffer header(int channels, double dtMs, long numSteps) {
        return payload(64).put((byte) 'H').putInt(0x454C4D4A).putInt(4).putInt(channels).putDouble(dtMs)
            .putLong(numSteps).putInt(6).put("forged".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** An untimed batch payload (without checksum) of {@code count} (as stored) and the given events. */
    static ByteBuffer batch(int stream, long step, int count, int... channels) {
        ByteBuffer b = payload(17 + 8 * channels.length).put((byte) 'B').putInt(stream).putLong(step).putInt(count);
        for (int c : channels) {
            b.putInt(c).putFloat(1f);
        }
        return b;
    }

    static ByteBuffer payload(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Writes a journal whose records are the given payloads (up to their position), each followed by
     * its CRC-32C as version 4 stores it: records that pass the checksum but hold forged values.
     */
    static void forge(Path dir, ByteBuffer... payloads) {
        try (var q = net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(net.openhft.chronicle.queue.RollCycles.FAST_DAILY).build();
             var appender = q.createAppender()) {
            for (ByteBuffer p : payloads) {
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(p.array(), 0, p.position());
                try (var dc = appender.writingDocument()) {
                    dc.wire().bytes().write(p.array(), 0, p.position()).writeInt((int) crc.getValue());
                }
            }
        }
    }

    static void cut(Path cycle, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    /**
     * Copies a journal directory; cycle files keep their (preallocated, sparse) size but only their
     * written bytes are copied, so a copy of an 80 MiB cycle file costs what was written.
     */
    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(f.getFileName());
                if (!f.getFileName().toString().endsWith(".cq4")) {
                    Files.copy(f, target);
                    continue;
                }
                long[] offsets = recordOffsets(f);
                long written = Math.min(Files.size(f), offsets[offsets.length - 1] + (1 << 16));
                try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ);
                     RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw")) {
                    out.getChannel().transferFrom(in, 0, written);
                    out.setLength(Files.size(f));
                }
            }
        }
    }
}
