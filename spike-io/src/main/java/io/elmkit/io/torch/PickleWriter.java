package io.elmkit.io.torch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pickle (protocol 2) opcodes a state dict needs, written by hand: Pyrolite's pickler
 * cannot emit persistent ids, which is how torch refers to tensor storages.
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void proto(int version) {
        out.write(0x80);
        out.write(version);
    }

    void global(String module, String name) {
        out.write('c');
        byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(text, 0, text.length);
    }

    void mark() {
        out.write('(');
    }

    void tuple() {
        out.write('t');
    }

    void emptyTuple() {
        out.write(')');
    }

    void reduce() {
        out.write('R');
    }

    void binPersId() {
        out.write('Q');
    }

    void setItems() {
        out.write('u');
    }

    void stop() {
        out.write('.');
    }

    void bool(boolean v) {
        out.write(v ? 0x88 : 0x89);
    }

    void unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        writeInt32(b.length);
        out.write(b, 0, b.length);
    }

    /** Smallest of BININT1, BININT2, BININT, or LONG1 for values past 32 bits. */
    void integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            out.write((int) (v & 0xFF));
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            writeInt32((int) v);
        } else {
            out.write(0x8a); // LONG1: little-endian two's complement
            out.write(8);
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }
    }

    private void writeInt32(int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 24) & 0xFF);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
