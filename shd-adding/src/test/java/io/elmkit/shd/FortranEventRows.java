package io.elmkit.shd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the golden event rows: a little-endian int32 (N, 4) .npy that the reference saved in
 * Fortran order (column after column), which the project's Npy reader refuses by design.
 */
final class FortranEventRows {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");

    private FortranEventRows() {
    }

    /** The rows as a C-ordered int[N * 4]. */
    static int[] read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int major = buf.get(6);
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(buf.array(), major == 1 ? 10 : 12, headerLength, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<i4'")) {
            throw new IOException(file + ": header 'descr': expected '<i4', found " + header.trim());
        }
        Matcher shape = SHAPE.matcher(header);
        if (!shape.find() || Integer.parseInt(shape.group(2)) != 4) {
            throw new IOException(file + ": header 'shape': expected (N, 4), found " + header.trim());
        }
        int rows = Integer.parseInt(shape.group(1));
        boolean fortran = header.contains("'fortran_order': True");
        if (buf.capacity() - dataStart != rows * 16) {
            throw new IOException(file + ": data: expected " + rows * 16 + " bytes, found " + (buf.capacity() - dataStart));
        }
        int[] out = new int[rows * 4];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 4; c++) {
                int element = fortran ? c * rows + r : r * 4 + c;
                out[r * 4 + c] = buf.getInt(dataStart + 4 * element);
            }
        }
        return out;
    }
}
