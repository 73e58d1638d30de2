package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Values printed by h5py from shd/shd_test.h5 (etc/test-data). */
class JhdfShdMetadataTest {

    @Test
    void readsSpeakersKeysAndMetaInfo() throws Exception {
        Path file = ReferenceData.testData("shd/shd_test.h5");
        JhdfShdSamples shd = JhdfShdSamples.read(file);
        assertEquals(80, shd.size());
        assertEquals(0, shd.speaker(0));
        assertEquals(4, shd.speaker(1));
        assertEquals(7, shd.speaker(2));
        assertEquals(20, shd.keys().length);
        assertEquals("english zero", shd.keys()[0]);
        assertArrayEquals(new String[] {"male", "female", "male"},
            java.util.Arrays.copyOf((String[]) shd.metaInfo().get("gender"), 3));
        assertArrayEquals(new long[] {34, 43, 28}, java.util.Arrays.copyOf((long[]) shd.metaInfo().get("age"), 3));
        assertArrayEquals(new long[] {173, 187, 157},
            java.util.Arrays.copyOf((long[]) shd.metaInfo().get("body_height"), 3));
        assertEquals(1, shd.label(0));
        assertEquals(18, shd.label(1));
    }
}
