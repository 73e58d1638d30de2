package io.elmkit.shd.fetch;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.fetch.Md5Sums;
import io.elmkit.io.fetch.NoClobber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The small text file {@code <name>.h5.fetched} beside a fetched {@code .h5}: where it came from, the
 * md5 of the {@code .gz} it was decompressed from (as listed in {@code md5sums.txt}) and the size and
 * md5 of the {@code .h5} itself. It lets a later run trust the {@code .h5} without downloading the
 * {@code .gz} again, and tells our files from a user's: an {@code .h5} without it was not made by us.
 */
record FetchRecord(String source, String gzMd5, String h5Md5, long h5Bytes) {
    static final String HEADER =
        "# elmkit fetch shd: what the .h5 beside this file was made from (delete both to fetch again)";
    static final String SUFFIX = ".fetched";

    /** The record's path for {@code h5}. */
    static Path pathOf(Path h5) {
        return h5.resolveSibling(h5.getFileName() + SUFFIX);
    }

    /**
     * Reads the record at {@code file}; null when there is none.
     *
     * @throws InputFormatException when the file is not one of ours or is damaged
     */
    static FetchRecord read(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String name = file.toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 4096) {
            throw new InputFormatException(name, "was not written by elmkit fetch (not a small regular file)");
        }
        String text = Files.readString(file);
        if (!text.startsWith(HEADER + "\n")) {
            throw new InputFormatException(name, "first line", "'" + HEADER + "'", "another file; move it away");
        }
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String gz = require(name, values, "gz_md5");
        String h5 = require(name, values, "h5_md5");
        String bytes = require(name, values, "h5_bytes");
        if (!Md5Sums.isMd5(gz) || !Md5Sums.isMd5(h5) || !bytes.matches("\\d{1,18}")) {
            throw new InputFormatException(name, "gz_md5, h5_md5, h5_bytes", "two md5s and a byte count",
                gz + ", " + h5 + ", " + bytes + " (damaged: delete it and its .h5 to fetch again)");
        }
        return new FetchRecord(values.getOrDefault("source", "?"), gz, h5, Long.parseLong(bytes));
    }

    private static String require(String name, Map<String, String> values, String key) throws InputFormatException {
        String value = values.get(key);
        if (value == null) {
            throw new InputFormatException(name, key, "a line '" + key + "=...'", "none (damaged: delete it and its .h5 "
                + "to fetch again)");
        }
        return value.trim();
    }

    /**
     * Writes this record to {@code file} through a temporary file, replacing an older record of ours
     * (never a file of another kind: {@link #read(Path)} refuses it first).
     */
    void write(Path file) throws IOException {
        read(file);
        Path tmp = NoClobber.newTempFile(file.getParent(), file.getFileName().toString());
        try {
            Files.writeString(tmp, HEADER + "\nsource=" + source + "\ngz_md5=" + gzMd5 + "\nh5_md5=" + h5Md5
                + "\nh5_bytes=" + h5Bytes + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
