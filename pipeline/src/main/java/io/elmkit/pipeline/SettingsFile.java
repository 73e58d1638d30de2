package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** A small .properties file of settings (Kafka client or listener settings), read with its size checked first. */
final class SettingsFile {
    /** Largest settings file read (a few hundred settings at most; this is no data file). */
    static final long MAX_BYTES = 1 << 20;

    private SettingsFile() {
    }

    /** The file's settings, keys sorted, values trimmed; errors name the file and {@code what} it should hold. */
    static Map<String, String> read(Path file, String what) throws InputFormatException {
        String name = file.toString();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InputFormatException(name, what, "a readable properties file", "none there");
        }
        Properties p = new Properties();
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InputFormatException(name, "size", "at most " + MAX_BYTES + " bytes of settings", size + " bytes");
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: a malformed \\uXXXX escape
            throw new InputFormatException(name, what, "a properties file (key=value lines)", e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            settings.put(key, p.getProperty(key).trim());
        }
        return settings;
    }
}
