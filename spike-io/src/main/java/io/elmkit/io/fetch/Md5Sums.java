package io.elmkit.io.fetch;

import io.elmkit.io.check.InputFormatException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A checksum list in the format of GNU {@code md5sum} ({@code md5sums.txt} on the SHD site): one
 * {@code <32 hex digits> <file name>} per line, the name optionally marked binary with {@code *} or
 * prefixed with {@code ./}. Other lines (blank, comments, other hashes) are ignored, as the reference
 * loader ignores every line that is not two words.
 */
public final class Md5Sums {
    private final String source;
    private final Map<String, String> md5ByName;

    private Md5Sums(String source, Map<String, String> md5ByName) {
        this.source = source;
        this.md5ByName = md5ByName;
    }

    /** Parses {@code text}; {@code source} names it in errors (its URL or path). */
    public static Md5Sums parse(String source, String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String[] words = line.trim().split("\\s+");
            if (words.length != 2 || !isMd5(words[0])) {
                continue;
            }
            String name = words[1];
            if (name.startsWith("*")) {
                name = name.substring(1);
            }
            if (name.startsWith("./")) {
                name = name.substring(2);
            }
            map.put(name, words[0].toLowerCase(Locale.ROOT));
        }
        return new Md5Sums(source, Collections.unmodifiableMap(map));
    }

    /** The md5 listed for {@code fileName} (lower-case hex). */
    public String require(String fileName) throws InputFormatException {
        String md5 = md5ByName.get(fileName);
        if (md5 == null) {
            throw new InputFormatException(source, fileName, "a line '<md5>  " + fileName + "'",
                md5ByName.isEmpty() ? "no md5 lines at all" : "only " + String.join(", ", md5ByName.keySet()));
        }
        return md5;
    }

    /** Every listed name and md5, in file order. */
    public Map<String, String> entries() {
        return md5ByName;
    }

    /** True for 32 hexadecimal digits. */
    public static boolean isMd5(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
