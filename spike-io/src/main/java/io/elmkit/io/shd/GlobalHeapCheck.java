package io.elmkit.io.shd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Refuses a ragged SHD file whose global heap collection (where HDF5 keeps variable-length data)
 * declares more bytes than the file holds after it: jhdf allocates a buffer of the declared size
 * (up to 2 GiB) before reading a collection, so an 8 KB file could claim gigabytes. Collections are
 * found by their signature ({@code GCOL}, version 1, three reserved zero bytes) in one sequential
 * pass over the file; the eager reader runs it, as it reads the whole file anyway.
 */
final class GlobalHeapCheck {
    private static final byte[] SIGNATURE = {'G', 'C', 'O', 'L', 1, 0, 0, 0};
    private static final int CHUNK = 1 << 20;

    private GlobalHeapCheck() {
    }

    /**
     * @param sizeOfLengths the superblock's size of lengths (bytes of the collection size field)
     * @throws ShdInputException naming the collection's address when its size runs past the file's end
     */
    static void requireWithinFile(Path path, String file, int sizeOfLengths) throws IOException {
        int header = SIGNATURE.length + sizeOfLengths;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] b = new byte[CHUNK + header];
            int filled = 0; // valid bytes in b
            long base = 0; // file offset of b[0]
            long next = 0; // file offset to read next
            while (true) {
                int n = channel.read(ByteBuffer.wrap(b, filled, b.length - filled), next);
                if (n > 0) {
                    filled += n;
                    next += n;
                }
                for (int i = 0; i <= filled - header; i++) {
                    if (b[i] == 'G' && matches(b, i)) {
                        long declared = 0;
                        for (int k = sizeOfLengths - 1; k >= 0; k--) {
                            declared = declared << 8 | (b[i + SIGNATURE.length + k] & 0xff);
                        }
                        long address = base + i;
                        if (declared < 0 || declared > size - address) {
                            throw new ShdInputException(file, "global heap collection at byte " + address,
                                "a size within the " + (size - address) + " bytes left in the file",
                                Long.toUnsignedString(declared) + " bytes declared");
                        }
                    }
                }
                if (n < 0 || next >= size) {
                    return;
                }
                // the last header - 1 bytes are not scanned yet: a signature may straddle two chunks
                int keep = Math.min(header - 1, filled);
                System.arraycopy(b, filled - keep, b, 0, keep);
                base += filled - keep;
                filled = keep;
            }
        }
    }

    private static boolean matches(byte[] b, int i) {
        for (int k = 0; k < SIGNATURE.length; k++) {
            if (b[i + k] != SIGNATURE[k]) {
                return false;
            }
        }
        return true;
    }
}
