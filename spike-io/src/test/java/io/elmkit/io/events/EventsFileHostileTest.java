package io.elmkit.io.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events files with hostile content (valid zips, forged values): counts that drop every event or
 * claim hours of steps and gigabytes of streams, indices out of range, labels shorter than the
 * samples, NaN and inf, floats where integers belong. Each is refused naming the file and array.
 */
class EventsFileHostileTest {
    @TempDir
    Path dir;

    private static LinkedHashMap<String, NdArray> good() {
        LinkedHashMap<String, NdArray> a = new LinkedHashMap<>();
        a.put("sample", NdArray.ofLongs(new long[] {0, 0, 1}, 3));
        a.put("step", NdArray.ofLongs(new long[] {1, 4, 9}, 3));
        a.put("channel", NdArray.ofInts(new int[] {0, 3, 2}, 3));
        a.put("value", NdArray.ofFloats(new float[] {1, 1, 1}, 3));
        a.put("dt_ms", NdArray.scalarDouble(1.0));
        a.put("num_channels", NdArray.scalarLong(4));
        a.put("num_steps", NdArray.scalarLong(10));
        return a;
    }

    private String refused(String key, NdArray value) throws Exception {
        LinkedHashMap<String, NdArray> a = good();
        if (value == null) {
            a.remove(key);
        } else {
            a.put(key, value);
        }
        Path file = dir.resolve(key + ".npz");
        Npz.write(file, a, true);
        String m = assertThrows(InputFormatException.class, () -> EventsFile.read(file)).getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        return m;
    }

    @Test
    void goodFileReads() throws Exception {
        Path file = dir.resolve("good.npz");
        Npz.write(file, good(), true);
        EventsFile f = EventsFile.read(file);
        assertEquals(2, f.numSamples());
        assertEquals(10, f.numSteps);
    }

    @Test
    void stepCountsMustBePositiveAndBounded() throws Exception {
        assertTrue(refused("num_steps", NdArray.scalarLong(0)).endsWith("num_steps: expected 1 .. 67108864, found 0"));
        assertTrue(refused("num_steps", NdArray.scalarLong(-1)).contains("found -1"));
        assertTrue(refused("num_steps", NdArray.scalarLong(1_000_000_000_000L)).contains("found 1000000000000"));
        assertTrue(refused("num_steps", NdArray.scalarDouble(0.5)).contains("whole number"));
        assertTrue(refused("num_steps", NdArray.scalarDouble(Double.NaN)).contains("found NaN"));
        assertTrue(refused("num_steps", NdArray.ofLongs(new long[] {10, 10}, 2)).contains("expected a scalar"));
        assertTrue(refused("num_channels", NdArray.scalarLong(1L << 40)).contains("num_channels"));
        assertTrue(refused("dt_ms", NdArray.scalarDouble(-1)).contains("dt_ms"));
        assertTrue(refused("num_steps", null).contains("num_steps: expected an array 'num_steps'"));
    }

    @Test
    void indicesAreCheckedBeforeAnyReaderSizesByThem() throws Exception {
        assertTrue(refused("sample", NdArray.ofLongs(new long[] {0, 0, 400_000_000L}, 3))
            .contains("sample[2]: expected 0 .. 16777215 (elmkit.limit.streams), found 400000000"));
        assertTrue(refused("sample", NdArray.ofLongs(new long[] {-1, 0, 0}, 3)).contains("sample[0]"));
        assertTrue(refused("channel", NdArray.ofInts(new int[] {0, 4, 2}, 3)).contains("channel[1]: expected 0 .. 3, found 4"));
        assertTrue(refused("step", NdArray.ofLongs(new long[] {1, 4, 10}, 3)).contains("step[2]: expected 0 .. 9, found 10"));
        assertTrue(refused("labels", NdArray.ofLongs(new long[] {7}, 1)).contains("(labels holds 1 samples), found 1"));
        assertTrue(refused("step", NdArray.ofLongs(new long[] {4, 1, 9}, 3)).contains("sorted"));
        assertTrue(refused("value", NdArray.ofFloats(new float[] {1, 1}, 2)).contains("value: expected 3 events"));
    }

    @Test
    void nonFiniteValuesAndFloatIndicesAreRefused() throws Exception {
        assertTrue(refused("value", NdArray.ofFloats(new float[] {1, Float.NaN, 1}, 3)).contains("value[1]"));
        assertTrue(refused("value", NdArray.ofFloats(new float[] {1, 1, Float.POSITIVE_INFINITY}, 3)).contains("Infinity"));
        assertTrue(refused("time_s", NdArray.ofDoubles(new double[] {0, Double.NaN, 0}, 3)).contains("time_s[1]"));
        assertTrue(refused("channel", NdArray.ofFloats(new float[] {0, 0.5f, 2}, 3)).contains("integer dtype"));
        assertTrue(refused("value", NdArray.ofInts(new int[] {1, 1, 1}, 3)).contains("floating-point dtype"));
    }
}
