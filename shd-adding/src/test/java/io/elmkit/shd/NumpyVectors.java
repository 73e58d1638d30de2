package io.elmkit.shd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The NumPy test vectors written by {@code src/test/python/make_numpy_vectors.py}. */
public final class NumpyVectors {
    private static JsonNode root;

    private NumpyVectors() {
    }

    /** The parsed fixture (read once). */
    public static synchronized JsonNode get() {
        if (root == null) {
            try (InputStream in = NumpyVectors.class.getResourceAsStream("numpy-vectors.json")) {
                if (in == null) {
                    throw new IllegalStateException("test resource io/elmkit/shd/numpy-vectors.json is missing");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }
}
