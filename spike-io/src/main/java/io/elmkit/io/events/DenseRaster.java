package io.elmkit.io.events;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Events as a dense raster {@code .npy} and back: what {@code elmkit convert} does between an events
 * file and an array of shape (T, C) or (B, T, C).
 */
public final class DenseRaster {
    private DenseRaster() {
    }

    /** A dense .npy (T, C) or (B, T, C) as events: each non-zero entry one event, steps of {@code dtMs}. */
    public static EventsFile readEvents(Path npy, double dtMs) throws IOException {
        NdArray x = Npy.read(npy);
        int[] shape = x.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new InputFormatException(npy.toString(), "shape", "(T, C) or (B, T, C)", Arrays.toString(shape));
        }
        int batch = shape.length == 3 ? shape[0] : 1;
        int steps = shape[shape.length - 2];
        int channels = shape[shape.length - 1];
        float[] v = x.toFloatArray();
        Checks.requireFinite(npy.toString(), "data", v);
        return EventsFile.fromDense(v, batch, steps, channels, dtMs);
    }

    /**
     * Writes events as a dense float32 .npy (B, T, C) (a step's values per channel add); {@code source}
     * names the events in errors. Returns the shape written.
     */
    public static int[] write(EventsFile f, Path npy, String source) throws IOException {
        long batch = f.numSamples();
        // EventsFile.read bounded each factor; the product is checked without overflow before allocating.
        long size = Checks.elementCount(source, "samples x num_steps x num_channels",
            new long[] {batch, f.numSteps, f.numChannels}, InputLimits.MAX_ARRAY_ELEMENTS);
        float[] x = new float[(int) size];
        for (int i = 0; i < f.size(); i++) {
            x[(int) ((f.sample[i] * f.numSteps + f.step[i]) * f.numChannels + f.channel[i])] += f.value[i];
        }
        int[] shape = {(int) batch, (int) f.numSteps, (int) f.numChannels};
        Npy.write(npy, NdArray.ofFloats(x, shape));
        return shape;
    }
}
