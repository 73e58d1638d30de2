package io.elmkit.io.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * One journal record's payload in a reusable little-endian heap buffer, with its CRC-32C: a writer
 * encodes a record here, {@link #seal seals} it (appends the checksum) and copies it into the
 * queue in one write; a reader copies a document here and {@link #verify verifies} it before
 * decoding a single field. Grows to the largest record seen; no allocation per record after that.
 */
final class RecordBuffer {
    static final int CRC_BYTES = 4;

    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    /** Empties the buffer for a record of up to {@code bytes} bytes (checksum included). */
    ByteBuffer start(int bytes) {
        if (buf.capacity() < bytes) {
            buf = ByteBuffer.allocate(Math.max(bytes, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        return buf;
    }

    /** Appends the CRC-32C of everything written so far; returns the record's length in bytes. */
    int seal() {
        crc.reset();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.position();
    }

    byte[] array() {
        return buf.array();
    }

    /** The buffer, positioned at 0 and limited to {@code length}, after the caller filled {@link #array()}. */
    ByteBuffer filled(int length) {
        buf.clear();
        buf.limit(length);
        return buf;
    }

    /**
     * True when the last 4 bytes of the filled record are the CRC-32C of the bytes before them; the
     * limit then excludes the checksum, so decoders see the payload only.
     */
    boolean verify() {
        int length = buf.limit();
        if (length < 1 + CRC_BYTES) {
            return false;
        }
        int body = length - CRC_BYTES;
        crc.reset();
        crc.update(buf.array(), 0, body);
        boolean ok = (int) crc.getValue() == buf.getInt(body);
        buf.limit(body);
        return ok;
    }
}
