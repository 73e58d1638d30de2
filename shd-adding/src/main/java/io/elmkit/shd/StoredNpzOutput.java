package io.elmkit.shd;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * An {@code .npz} written entry by entry as STORED (uncompressed) zip entries, like
 * {@code np.savez}, with a large array's data streamed after its header. The entry's size is known
 * from its header (shape and dtype); the CRC is computed while writing and patched into the local
 * header afterwards, which is why the output is a seekable file. Zip64 is used for entries over
 * 4 GiB. Stored entries cost no compression work: the bytes go to the file as they come.
 */
final class StoredNpzOutput implements AutoCloseable {
    private final ZipArchiveOutputStream zip;
    private final String file;
    private boolean entryOpen;
    private long entryBytesLeft;

    private StoredNpzOutput(Path file) throws IOException {
        this.file = file.toString();
        this.zip = new ZipArchiveOutputStream(file);
        zip.setUseZip64(Zip64Mode.AsNeeded);
    }

    /** Creates (or truncates) {@code file}. */
    static StoredNpzOutput create(Path file) throws IOException {
        return new StoredNpzOutput(file);
    }

    /**
     * Opens entry {@code name}.npy for an array of this type and shape, writes its header, and returns
     * the stream for its data (little-endian, C order, exactly size x itemsize bytes), valid until
     * the next entry.
     */
    OutputStream begin(String name, DType dtype, int[] shape) throws IOException {
        closeEntry();
        byte[] header = Npy.header(dtype, shape);
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        long dataBytes = elements * dtype.itemSizeBytes();
        ZipArchiveEntry entry = new ZipArchiveEntry(name + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(header.length + dataBytes);
        zip.putArchiveEntry(entry);
        zip.write(header);
        entryOpen = true;
        entryBytesLeft = dataBytes;
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                entryBytesLeft -= len;
                zip.write(b, off, len);
            }
        };
    }

    /** Writes a whole array as entry {@code name}.npy. */
    void add(String name, NdArray array) throws IOException {
        OutputStream out = begin(name, array.dtype(), array.shape());
        Npy.writeData(out, array);
    }

    private void closeEntry() throws IOException {
        if (entryOpen) {
            if (entryBytesLeft != 0) {
                throw new IllegalStateException(file + ": entry data: expected " + entryBytesLeft + " more bytes before the next entry");
            }
            zip.closeArchiveEntry();
            entryOpen = false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeEntry();
            zip.finish();
        } finally {
            zip.close();
        }
    }
}
