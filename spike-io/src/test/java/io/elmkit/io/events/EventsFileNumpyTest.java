package io.elmkit.io.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.testsupport.Python;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events layout as NumPy sees it (the dtypes the format fixes), and a dense raster back to events. */
class EventsFileNumpyTest {

    @Test
    void numpyReadsTheEventsLayout(@TempDir Path dir) throws Exception {
        String python = Python.withModules("numpy");
        assumeTrue(python != null, "python3 with numpy not installed: skipping the NumPy events-file check");
        Path file = dir.resolve("events.npz");
        new EventsFile(new long[] {0, 0, 1}, new long[] {0, 2, 1}, new int[] {3, 1, 0}, new float[] {1f, -0.5f, 2f}, 0.5, 4,
            3, new double[] {0.0001, 0.0011, 0.0006}, new long[] {7, 9}).write(file);
        Process p = new ProcessBuilder(python, "-c", String.join("\n",
            "import sys, numpy as np",
            "d = np.load(sys.argv[1])",
            "print(' '.join('%s:%s:%s' % (k, d[k].dtype, d[k].tolist()) for k in d.files))"), file.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        assertEquals("sample:int64:[0, 0, 1] step:int64:[0, 2, 1] channel:int32:[3, 1, 0] value:float32:[1.0, -0.5, 2.0]"
            + " dt_ms:float64:0.5 num_channels:int64:4 num_steps:int64:3 time_s:float64:[0.0001, 0.0011, 0.0006]"
            + " labels:int64:[7, 9]", out);
    }

    @Test
    void aRasterRoundTripsThroughEvents(@TempDir Path dir) throws Exception {
        float[] x = {0, 1, 0, 0, 0, 2.5f, 0, 0, -1, 0, 0, 0}; // (B, T, C) = (2, 3, 2)
        Path npy = dir.resolve("x.npy");
        io.elmkit.io.npy.Npy.write(npy, io.elmkit.io.nd.NdArray.ofFloats(x, 2, 3, 2));
        EventsFile f = DenseRaster.readEvents(npy, 2.0);
        assertArrayEquals(new long[] {0, 0, 1}, f.sample);
        assertArrayEquals(new long[] {0, 2, 1}, f.step);
        assertArrayEquals(new int[] {1, 1, 0}, f.channel);
        assertEquals(2, f.numSamples());
        int[] shape = DenseRaster.write(f, dir.resolve("y.npy"), "x");
        assertArrayEquals(new int[] {2, 3, 2}, shape);
        assertArrayEquals(x, io.elmkit.io.npy.Npy.read(dir.resolve("y.npy")).toFloatArray());
    }
}
