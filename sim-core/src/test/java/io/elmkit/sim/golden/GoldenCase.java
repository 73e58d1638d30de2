package io.elmkit.sim.golden;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One golden case of {@code golden/elm} (etc/test-data, or ../shared for the published-weights
 * case), loaded for sim-core's tests: the model, its input (B, T, d_in) and the reference output.
 */
public final class GoldenCase {
    public final String name;
    public final Path dir;
    public final ElmModel model;
    public final int batch;
    public final int steps;
    /** d_in, the input's last axis. */
    public final int channels;
    /** input.npy, (batch, steps, d_in) in C order. */
    public final float[] input;

    private GoldenCase(String name) throws IOException {
        this.name = name;
        this.dir = ReferenceData.goldenElm(name);
        this.model = ModelDirectory.load(dir);
        NdArray x = Npy.read(dir.resolve("input.npy"));
        this.batch = x.dim(0);
        this.steps = x.dim(1);
        this.channels = x.dim(2);
        this.input = x.toFloatArray();
    }

    /** The case, or a skipped test when it lives in ../shared and that is absent. */
    public static GoldenCase load(String name) throws IOException {
        return new GoldenCase(name);
    }

    /** output.npy, the reference forward output (batch, steps, d_o). */
    public float[] output() throws IOException {
        return Npy.read(dir.resolve("output.npy")).toFloatArray();
    }

    /** {@code dir/<file>} (loss.npy, target.npy, grad/<param>.npy, ...). */
    public NdArray read(String file) throws IOException {
        return Npy.read(dir.resolve(file));
    }
}
