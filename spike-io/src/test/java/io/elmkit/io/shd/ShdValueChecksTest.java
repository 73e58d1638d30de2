package io.elmkit.io.shd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units, times and labels are checked by the reader on every path: lazy and eager, flat layout here. */
class ShdValueChecksTest {
    @TempDir
    Path dir;

    private Path flat(String name, float[] times, short[] units, long[] labels) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup spikes = hdf.putGroup("spikes");
            spikes.putDataset("times", times);
            spikes.putDataset("units", units);
            spikes.putDataset("offsets", new long[] {0, 2, 3});
            hdf.putDataset("labels", labels);
        }
        return file;
    }

    @Test
    void badSpikesAreRefusedLazilyAndEagerlyWithTheSameField() throws Exception {
        Path unit = flat("unit.h5", new float[] {0.1f, 0.2f, 0.3f}, new short[] {1, 2, 700}, new long[] {0, 1});
        Path nan = flat("nan.h5", new float[] {0.1f, Float.NaN, 0.3f}, new short[] {1, 2, 3}, new long[] {0, 1});
        Path negative = flat("negative.h5", new float[] {0.1f, 0.2f, -1f}, new short[] {1, 2, 3}, new long[] {0, 1});
        String[][] cases = {
            {unit.toString(), "/spikes/units[2] (sample 1, spike 0): expected a channel in 0..699, found 700"},
            {nan.toString(), "/spikes/times[1] (sample 0, spike 1): expected a finite time >= 0 s, found NaN"},
            {negative.toString(), "/spikes/times[2] (sample 1, spike 0): expected a finite time >= 0 s, found -1.0"},
        };
        for (String[] c : cases) {
            Path file = Path.of(c[0]);
            ShdInputException eager = assertThrows(ShdInputException.class, () -> JhdfShdSamples.read(file));
            assertEquals(file + ": " + c[1], eager.getMessage());
            assertTrue(eager.checked() instanceof InputFormatException);
            try (JhdfShdSamples lazy = JhdfShdSamples.open(file)) {
                int sample = c[1].contains("sample 1") ? 1 : 0;
                ShdInputException e = assertThrows(ShdInputException.class,
                    () -> { lazy.timesSeconds(sample); lazy.units(sample); });
                assertTrue(e.getMessage().startsWith(file + ": /spikes/"), e.getMessage());
                assertTrue(e.getMessage().endsWith(c[1].substring(c[1].indexOf(':'))), e.getMessage());
            }
        }
    }

    @Test
    void labelsBeyondTheIntRangeOrNegativeAreRefusedWhenOpened() {
        Path huge = flat("huge.h5", new float[] {0.1f, 0.2f, 0.3f}, new short[] {1, 2, 3}, new long[] {0, 1L << 40});
        ShdInputException e = assertThrows(ShdInputException.class, () -> JhdfShdSamples.open(huge).close());
        assertEquals(huge + ": /labels[1]: expected a class index in 0..2147483647, found 1099511627776", e.getMessage());
        Path negative = flat("neg.h5", new float[] {0.1f, 0.2f, 0.3f}, new short[] {1, 2, 3}, new long[] {-3, 1});
        assertThrows(ShdInputException.class, () -> JhdfShdSamples.read(negative));
    }
}
