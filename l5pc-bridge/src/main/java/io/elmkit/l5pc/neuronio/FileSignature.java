package io.elmkit.l5pc.neuronio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What kind of file this is, by its first bytes, so a file of the wrong kind is refused with what it
 * is and what is read instead ("x.h5: an HDF5 file; expected a NeuronIO pickle ..."), not with a
 * parse error at some offset. The one place that knows signatures in this module: when spike-io's
 * general sniffer ({@code io.elmkit.io.FileKind}) is available, it replaces this class.
 */
enum FileSignature {
    PICKLE("a pickle"),
    GZIP("a gzip file"),
    ZIP("a zip archive (.npz)"),
    HDF5("an HDF5 file"),
    NPY("a NumPy .npy file"),
    EMPTY("an empty file"),
    DIRECTORY("a directory"),
    TEXT("a text file"),
    OTHER("not a pickle, gzip or .npz file");

    /** What the readers of this module accept, for the messages. */
    static final String EXPECTED = "a NeuronIO pickle (.p, .p.gz) or an elmkit trace .npz";

    private final String description;

    FileSignature(String description) {
        this.description = description;
    }

    static FileSignature of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return DIRECTORY;
        }
        byte[] head = new byte[8];
        int n = 0;
        try (InputStream in = Files.newInputStream(path)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return of(head, n);
    }

    static FileSignature of(byte[] head, int n) {
        if (n == 0) {
            return EMPTY;
        }
        int b0 = head[0] & 0xFF;
        if (b0 == 0x80) {
            return PICKLE;
        }
        if (n >= 2 && b0 == 0x1f && (head[1] & 0xFF) == 0x8b) {
            return GZIP;
        }
        if (n >= 4 && b0 == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZIP;
        }
        if (n >= 8 && b0 == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F' && head[4] == '\r'
            && head[5] == '\n' && head[6] == 0x1a && head[7] == '\n') {
            return HDF5;
        }
        if (n >= 6 && b0 == 0x93 && head[1] == 'N' && head[2] == 'U' && head[3] == 'M' && head[4] == 'P'
            && head[5] == 'Y') {
            return NPY;
        }
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xFF;
            if (c < 9 || (c > 13 && c < 32) || c >= 127) {
                return OTHER;
            }
        }
        return TEXT;
    }

    /** The error for a file of this kind where a NeuronIO file was expected. */
    NeuronioFormatException refusal(String source) {
        return new NeuronioFormatException(source, description + "; expected " + EXPECTED);
    }
}
