package io.elmkit.io.npy;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The one {@code .npz} writer: a zip of {@code <name>.npy} entries, STORED (as {@code np.savez}) or
 * deflated (as {@code np.savez_compressed}), written entry by entry. An entry's data is streamed
 * after its {@code .npy} header (the header carries the shape, so the size is known up front): memory
 * is one output buffer, whatever the array's size. Each entry carries its CRC-32, computed while
 * writing and patched into the local header afterwards (hence a seekable file, not a stream). Zip64
 * records are written where a size, an offset or the entry count needs them, or always with
 * {@link Zip64#ALWAYS}. The entries carry a fixed date (1980-01-01), so equal arrays give equal
 * files.
 */
public final class NpzWriter implements AutoCloseable {
    /** When to write Zip64 records. */
    public enum Zip64 {
        /** Only where a size or offset reaches 2^32 - 1 or the entries 65535. */
        AS_NEEDED,
        /** On every entry and the archive's end (tests the Zip64 path without writing 4 GiB). */
        ALWAYS
    }

    private static final long MAX32 = 0xFFFF_FFFFL;
    private static final int MAX16 = 0xFFFF;
    private static final int LOCAL_HEADER_BYTES = 30;
    private static final int ZIP64_LOCAL_EXTRA_BYTES = 20;
    private static final short VERSION_DEFAULT = 20;
    private static final short VERSION_ZIP64 = 45;
    /** DOS date of 1980-01-01 (day 1, month 1, year 1980 + 0); the time is 00:00:00. */
    private static final short DOS_DATE = (1 << 5) | 1;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    private final FileChannel channel;
    private final String file;
    private final boolean compressed;
    private final Zip64 zip64;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final List<Entry> entries = new ArrayList<>();
    private long position;
    private Entry open;
    private boolean closed;

    /** What the central directory needs to know of one written entry. */
    private static final class Entry {
        final byte[] name;
        final long offset;
        final long size;
        final boolean zip64Local;
        final CRC32 crc = new CRC32();
        long written;
        long compressedSize;
        OutputStream data;
        Deflater deflater;

        Entry(byte[] name, long offset, long size, boolean zip64Local) {
            this.name = name;
            this.offset = offset;
            this.size = size;
            this.zip64Local = zip64Local;
        }
    }

    private NpzWriter(Path file, boolean compressed, Zip64 zip64) throws IOException {
        this.file = file.toString();
        this.compressed = compressed;
        this.zip64 = zip64;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    }

    /** Creates (or truncates) {@code file}; entries deflated when {@code compressed}. */
    public static NpzWriter create(Path file, boolean compressed) throws IOException {
        return new NpzWriter(file, compressed, Zip64.AS_NEEDED);
    }

    /** As {@link #create(Path, boolean)}, with Zip64 records as {@code zip64} says. */
    public static NpzWriter create(Path file, boolean compressed, Zip64 zip64) throws IOException {
        return new NpzWriter(file, compressed, zip64);
    }

    /** Adds a whole array as entry {@code name}.npy. */
    public void add(String name, NdArray array) throws IOException {
        Npy.writeData(begin(name, array.dtype(), array.shape()), array);
    }

    /**
     * Opens entry {@code name}.npy for an array of this type and shape, writes its header, and returns
     * the stream its data goes to: little-endian, C order, exactly size x itemsize bytes, checked when
     * the next entry begins or the archive closes. Valid until then; closing it does nothing.
     */
    public OutputStream begin(String name, DType dtype, int[] shape) throws IOException {
        closeEntry();
        byte[] header = Npy.header(dtype, shape);
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        long size = header.length + elements * dtype.itemSizeBytes();
        // Deflate may grow incompressible data by a few bytes per 16 KiB block: leave a margin.
        boolean zip64Local = zip64 == Zip64.ALWAYS || size + size / 1024 + 1024 >= MAX32;
        Entry e = new Entry((name + ".npy").getBytes(StandardCharsets.UTF_8), position, size, zip64Local);
        if (e.name.length > MAX16) {
            throw new IllegalArgumentException(file + ": entry name of " + e.name.length + " bytes (at most " + MAX16 + ")");
        }
        putInt(0x04034b50);
        putShort(zip64Local ? VERSION_ZIP64 : VERSION_DEFAULT);
        putShort(flags(e));
        putShort(compressed ? DEFLATED : STORED);
        putShort(0);
        putShort(DOS_DATE);
        putInt(0); // CRC-32, patched when the entry closes
        putInt(zip64Local ? MAX32 : 0); // compressed size, patched unless Zip64
        putInt(zip64Local ? MAX32 : size);
        putShort(e.name.length);
        putShort(zip64Local ? ZIP64_LOCAL_EXTRA_BYTES : 0);
        putBytes(e.name, 0, e.name.length);
        if (zip64Local) {
            putShort(0x0001);
            putShort(16);
            putLong(size);
            putLong(0); // compressed size, patched
        }
        // The bytes as stored in the archive (after deflating), counted for the entry's compressed size.
        OutputStream raw = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                room(1);
                buffer.put((byte) b);
                position++;
                e.compressedSize++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                putBytes(b, off, len);
                e.compressedSize += len;
            }
        };
        if (compressed) {
            e.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            e.data = new DeflaterOutputStream(raw, e.deflater, 1 << 16);
        } else {
            e.data = raw;
        }
        entries.add(e);
        open = e;
        OutputStream data = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (open != e) {
                    throw new IllegalStateException(file + ": entry " + name + " is closed");
                }
                e.crc.update(b, off, len);
                e.written += len;
                e.data.write(b, off, len);
            }
        };
        data.write(header);
        return data;
    }

    private void closeEntry() throws IOException {
        Entry e = open;
        if (e == null) {
            return;
        }
        open = null;
        if (e.written != e.size) {
            if (e.deflater != null) {
                e.deflater.end();
            }
            throw new IllegalStateException(file + ": entry " + new String(e.name, StandardCharsets.UTF_8) + ": expected "
                + e.size + " bytes (its .npy header's shape), written " + e.written);
        }
        if (e.deflater != null) {
            ((DeflaterOutputStream) e.data).finish();
            e.deflater.end();
        }
        if (!e.zip64Local && e.compressedSize >= MAX32) {
            throw new IllegalStateException(file + ": entry compressed to " + e.compressedSize + " bytes without Zip64");
        }
        flush();
        ByteBuffer patch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        patch.putInt(0, (int) e.crc.getValue()).limit(4);
        channel.write(patch, e.offset + 14);
        if (e.zip64Local) {
            patch.clear();
            patch.putLong(0, e.compressedSize);
            channel.write(patch, e.offset + LOCAL_HEADER_BYTES + e.name.length + 12);
        } else {
            patch.clear();
            patch.putInt(0, (int) e.compressedSize).limit(4);
            channel.write(patch, e.offset + 18);
        }
    }

    /** Closes the last entry and writes the central directory; the file is complete after this. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeEntry();
            writeCentralDirectory();
            flush();
        } finally {
            channel.close();
        }
    }

    private void writeCentralDirectory() throws IOException {
        long start = position;
        boolean always = zip64 == Zip64.ALWAYS;
        for (Entry e : entries) {
            boolean bigSize = always || e.size >= MAX32;
            boolean bigPacked = always || e.compressedSize >= MAX32;
            boolean bigOffset = always || e.offset >= MAX32;
            int extra = (bigSize ? 8 : 0) + (bigPacked ? 8 : 0) + (bigOffset ? 8 : 0);
            boolean any = extra > 0;
            putInt(0x02014b50);
            putShort(any || e.zip64Local ? VERSION_ZIP64 : VERSION_DEFAULT); // made by (MS-DOS attributes)
            putShort(any || e.zip64Local ? VERSION_ZIP64 : VERSION_DEFAULT);
            putShort(flags(e));
            putShort(compressed ? DEFLATED : STORED);
            putShort(0);
            putShort(DOS_DATE);
            putInt(e.crc.getValue());
            putInt(bigPacked ? MAX32 : e.compressedSize);
            putInt(bigSize ? MAX32 : e.size);
            putShort(e.name.length);
            putShort(any ? 4 + extra : 0);
            putShort(0); // comment
            putShort(0); // disk
            putShort(0); // internal attributes
            putInt(0); // external attributes
            putInt(bigOffset ? MAX32 : e.offset);
            putBytes(e.name, 0, e.name.length);
            if (any) {
                // Zip64 extended information: only the fields marked 0xFFFFFFFF above, in this order.
                putShort(0x0001);
                putShort(extra);
                if (bigSize) {
                    putLong(e.size);
                }
                if (bigPacked) {
                    putLong(e.compressedSize);
                }
                if (bigOffset) {
                    putLong(e.offset);
                }
            }
        }
        long size = position - start;
        boolean end64 = always || entries.size() >= MAX16 || start >= MAX32 || size >= MAX32;
        if (end64) {
            long end64Offset = position;
            putInt(0x06064b50);
            putLong(44); // bytes of this record after this field
            putShort(VERSION_ZIP64);
            putShort(VERSION_ZIP64);
            putInt(0);
            putInt(0);
            putLong(entries.size());
            putLong(entries.size());
            putLong(size);
            putLong(start);
            putInt(0x07064b50); // its locator
            putInt(0);
            putLong(end64Offset);
            putInt(1);
        }
        putInt(0x06054b50);
        putShort(0);
        putShort(0);
        putShort(end64 ? MAX16 : entries.size());
        putShort(end64 ? MAX16 : entries.size());
        putInt(end64 ? MAX32 : size);
        putInt(end64 ? MAX32 : start);
        putShort(0);
    }

    /** General-purpose flags: bit 11 says the name is UTF-8 (readers assume CP437 otherwise); ASCII names need none. */
    private static int flags(Entry e) {
        for (byte b : e.name) {
            if (b < 0) {
                return 0x0800;
            }
        }
        return 0;
    }

    private void putShort(int v) throws IOException {
        room(2);
        buffer.putShort((short) v);
        position += 2;
    }

    private void putInt(long v) throws IOException {
        room(4);
        buffer.putInt((int) v);
        position += 4;
    }

    private void putLong(long v) throws IOException {
        room(8);
        buffer.putLong(v);
        position += 8;
    }

    private void putBytes(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            room(1);
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            position += n;
        }
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** The file being written, for messages. */
    public String file() {
        return file;
    }
}
