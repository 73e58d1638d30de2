package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The h5py-made fixtures of src/test/resources/shd (see make_fixtures.py there) and the shared SHD files. */
final class ShdFixtures {
    private ShdFixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(ShdFixtures.class.getResource("/shd/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks every sample of {@code actual} against expected.npz (written by numpy from the same data). */
    static void assertMatchesExpectedNpz(ShdSamples actual) throws IOException {
        Map<String, NdArray> expected = Npz.read(resource("expected.npz"));
        float[] times = expected.get("times").toFloatArray();
        int[] units = expected.get("units").toIntArray();
        long[] offsets = expected.get("offsets").toLongArray();
        int[] labels = expected.get("labels").toIntArray();
        assertEquals(labels.length, actual.size());
        for (int i = 0; i < labels.length; i++) {
            int from = (int) offsets[i];
            int to = (int) offsets[i + 1];
            assertArrayEquals(Arrays.copyOfRange(times, from, to), actual.timesSeconds(i), "times of sample " + i);
            assertArrayEquals(Arrays.copyOfRange(units, from, to), actual.units(i), "units of sample " + i);
            assertEquals(labels[i], actual.label(i), "label of sample " + i);
        }
    }

    /** Every sample, label and (for SHD files) speaker of two readings equal. */
    static void assertSameSamples(JhdfShdSamples expected, JhdfShdSamples actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.timesSeconds(i), actual.timesSeconds(i), "times of sample " + i);
            assertArrayEquals(expected.units(i), actual.units(i), "units of sample " + i);
            assertEquals(expected.label(i), actual.label(i), "label of sample " + i);
            assertEquals(expected.speaker(i), actual.speaker(i), "speaker of sample " + i);
        }
    }
}
