package io.elmkit.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a file is, from its first bytes (never from its name), so a command given a file of another
 * kind can say what it got and what it reads, e.g.
 * {@code x.h5: an HDF5 file; eval-neuronio reads NeuronIO pickles (.p, .p.gz) or trace .npz}.
 * Reads at most a few kilobytes; a directory is looked at one level deep.
 */
public enum FileKind {
    /** HDF5: the 8-byte signature at offset 0, 512, 1024, 2048, ... (SHD {@code .h5}). */
    HDF5("an HDF5 file"),
    /** A zip archive whose first entry is an {@code .npy} array (NumPy {@code .npz}). */
    NPZ("a NumPy .npz archive"),
    /** NumPy {@code .npy}: {@code \x93NUMPY}. */
    NPY("a NumPy .npy array"),
    /** A Python pickle of protocol 2 or later (starts with PROTO, {@code 0x80}); legacy torch files too. */
    PICKLE("a Python pickle"),
    /** gzip-compressed data ({@code 1f 8b}), e.g. a NeuronIO {@code .p.gz}. */
    GZIP("a gzip-compressed file"),
    /** A directory of Chronicle Queue files ({@code *.cq4}): an elmkit spike journal. */
    JOURNAL_DIR("a spike journal directory"),
    /** Any other directory (a model directory, say). */
    DIRECTORY("a directory"),
    /** Text starting with '{' or '[' after white space (e.g. model_config.json). */
    JSON("a JSON file"),
    /** A zip archive in PyTorch's {@code torch.save} layout ({@code .../data.pkl}). */
    PT_ZIP("a PyTorch .pt archive"),
    /** A zip archive that is neither an {@code .npz} nor a PyTorch archive. */
    ZIP("a zip archive (not .npz)"),
    /** Other text: printable ASCII and white space in the first bytes. */
    TEXT("a text file"),
    /** A file of zero bytes. */
    EMPTY("an empty file"),
    /** None of the above. */
    UNKNOWN("a file of unknown kind");

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bytes read from the start of a file: a zip's first local header and its entry name fit. */
    private static final int HEAD_BYTES = 4096;
    /** Furthest offset searched for an HDF5 superblock (HDF5 allows a user block of 512 * 2^k bytes). */
    private static final long MAX_HDF5_OFFSET = 1L << 20;

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /** In words, with an article, for messages: "an HDF5 file", "a NumPy .npz archive". */
    public String describe() {
        return description;
    }

    /**
     * The kind of {@code p}, from its content. Symbolic links are followed (a user's link to a file
     * is that file).
     *
     * @throws NoSuchFileException if {@code p} does not exist
     */
    public static FileKind of(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p, "*.cq4")) {
                return entries.iterator().hasNext() ? JOURNAL_DIR : DIRECTORY;
            }
        }
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString());
        }
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (startsWith(head, n, 0, HDF5_SIGNATURE)) {
            return HDF5;
        }
        if (startsWith(head, n, 0, NPY_MAGIC)) {
            return NPY;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)) {
            return zipKind(head, n);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        // 0x80 is the PROTO opcode; the readers check the protocol number and say what is wrong with it.
        if (n >= 1 && (head[0] & 0xff) == 0x80) {
            return PICKLE;
        }
        if (hdf5AfterUserBlock(p)) {
            return HDF5;
        }
        if (n == 0) {
            return EMPTY;
        }
        for (int i = 0; i < n; i++) {
            byte b = head[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            if (b == '{' || b == '[') {
                return JSON;
            }
            break;
        }
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xff;
            if (c < 9 || (c > 13 && c < 32) || c >= 127) {
                return UNKNOWN;
            }
        }
        return TEXT;
    }

    /** NPZ when the first entry is an .npy, PT_ZIP when it is torch's data.pkl (or its data/ folder), else ZIP. */
    private static FileKind zipKind(byte[] head, int n) {
        if (head[2] == 5) {
            return ZIP; // an empty archive (end-of-central-directory record only)
        }
        if (n < 30) {
            return ZIP;
        }
        int nameLength = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (30 + nameLength > n) {
            return ZIP;
        }
        String name = new String(head, 30, nameLength, StandardCharsets.UTF_8);
        if (name.endsWith(".npy")) {
            return NPZ;
        }
        if (name.endsWith("/data.pkl") || name.equals("data.pkl") || name.contains("/data/")
            || name.endsWith("/.format_version") || name.endsWith("/version") || name.endsWith("/byteorder")) {
            return PT_ZIP;
        }
        return ZIP;
    }

    private static boolean hdf5AfterUserBlock(Path p) throws IOException {
        long size = Files.size(p);
        byte[] sig = new byte[HDF5_SIGNATURE.length];
        try (var channel = Files.newByteChannel(p)) {
            for (long offset = 512; offset <= MAX_HDF5_OFFSET && offset + sig.length <= size; offset *= 2) {
                channel.position(offset);
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(sig);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // fill the signature buffer
                }
                if (startsWith(sig, sig.length - buffer.remaining(), 0, HDF5_SIGNATURE)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] data, int length, int offset, byte[] prefix) {
        if (offset + prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
