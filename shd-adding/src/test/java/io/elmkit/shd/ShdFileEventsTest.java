package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.shd.ShdFileEvents;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ShdFileEvents}: the one reading of SHD files by run and convert, on the h5py fixture good3.h5. */
class ShdFileEventsTest {
    // good3.h5: times [[0.01, 0.5, 0.5, 1.2], [], [0.0, 0.999]] (float16), units [[3, 4, 4, 5], [], [699, 0]], labels [3, 17, 9]
    private static Path fixture(String name) throws Exception {
        return Path.of(ShdFileEventsTest.class.getResource(name).toURI());
    }

    @Test
    void countsAndSpikesShareStepsAndTheDurationComesFromTheData() throws Exception {
        EventsFile counts = ShdFileEvents.read(fixture("good3.h5"), 10, null, ShdFileEvents.Values.COUNTS);
        assertEquals(121, counts.numSteps, "latest spike 1.2 s (float16 1.2002) is in bin 120");
        assertEquals(3, counts.numSamples());
        assertArrayEquals(new long[] {0, 0, 0, 2, 2}, counts.sample);
        assertArrayEquals(new long[] {1, 50, 120, 0, 99}, counts.step);
        assertArrayEquals(new int[] {3, 4, 5, 699, 0}, counts.channel);
        assertArrayEquals(new float[] {1, 2, 1, 1, 1}, counts.value);
        assertArrayEquals(new long[] {3, 17, 9}, counts.labels);
        assertNull(counts.timeS);

        EventsFile spikes = ShdFileEvents.read(fixture("good3.h5"), 10, null, ShdFileEvents.Values.SPIKES);
        assertEquals(121, spikes.numSteps);
        assertArrayEquals(new long[] {1, 50, 50, 120, 0, 99}, spikes.step);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, spikes.value);
        assertEquals(0.5, spikes.timeS[1]);
        assertEquals((double) 0.999f, spikes.timeS[5], 1e-3);
        spikes.validate("spikes");

        EventsFile cut = ShdFileEvents.read(fixture("good3.h5"), 10, 1000.0, ShdFileEvents.Values.COUNTS);
        assertEquals(100, cut.numSteps, "the reference's 1 s: 100 bins");
        assertArrayEquals(new long[] {1, 50, 0, 99}, cut.step, "the spike at 1.2 s is dropped");
    }

    @Test
    void badValuesAreCheckedExceptionsNamingFileAndElement() throws Exception {
        InputFormatException e = assertThrows(InputFormatException.class,
            () -> ShdFileEvents.read(fixture("bad_unit.h5"), 1, null, ShdFileEvents.Values.SPIKES));
        assertTrue(e.getMessage().endsWith("bad_unit.h5: /spikes/units[2][0]: expected a channel in 0..699, found 700"),
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShdFileEvents.read(fixture("good3.h5"), 0, null,
            ShdFileEvents.Values.COUNTS));
        InputFormatException steps = assertThrows(InputFormatException.class,
            () -> ShdFileEvents.read(fixture("good3.h5"), 1e-6, null, ShdFileEvents.Values.COUNTS));
        assertTrue(steps.getMessage().contains("latest spike") && steps.getMessage().contains("steps"), steps.getMessage());
    }
}
