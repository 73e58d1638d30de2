package io.elmkit.sim.engine;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * Collects outputs in memory as the outputs {@code .npz} of docs/formats.md: {@code output} float32
 * (B, T, d_o) from the first neuron of each sample, and {@code spikes} rows (sample, step, copy)
 * when neurons emit spikes. A sample may have several neurons (copies fed by the same stream, for
 * load tests); their outputs must be bit-identical to the first's, which this sink checks every
 * step and reports in {@link #copyMismatches()}.
 */
public final class ArrayOutputSink implements OutputSink {
    private final int[][] neuronsPerSample;
    private final int numOutput;
    private float[][] output;
    private long steps;
    private long copyMismatches;
    private long[] spikeRows = new long[3 * 64];
    private int spikeCount;
    private int[] copyOf = new int[0];
    private int[] sampleOf = new int[0];

    private final boolean record;

    /** {@code neuronsPerSample[b]}: neuron ids of sample b, the first one reported in {@code output}. */
    public ArrayOutputSink(int[][] neuronsPerSample, int numOutput, long expectedSteps) {
        this(neuronsPerSample, numOutput, expectedSteps, true);
    }

    /**
     * With {@code record} false the sink keeps nothing (memory stays flat however long the run) and
     * only checks that copies agree and counts steps: for runs whose outputs go elsewhere.
     */
    public ArrayOutputSink(int[][] neuronsPerSample, int numOutput, long expectedSteps, boolean record) {
        this.neuronsPerSample = neuronsPerSample;
        this.numOutput = numOutput;
        this.record = record;
        int initial = record ? (int) Math.max(16, Math.min(expectedSteps, 1 << 20)) * numOutput : numOutput;
        this.output = new float[neuronsPerSample.length][initial];
        for (int b = 0; b < neuronsPerSample.length; b++) {
            for (int c = 0; c < neuronsPerSample[b].length; c++) {
                int id = neuronsPerSample[b][c];
                if (id >= copyOf.length) {
                    int size = Math.max(id + 1, copyOf.length * 2);
                    copyOf = Arrays.copyOf(copyOf, size);
                    int old = sampleOf.length;
                    sampleOf = Arrays.copyOf(sampleOf, size);
                    Arrays.fill(sampleOf, old, size, -1); // ids of neurons this sink does not record
                }
                copyOf[id] = c;
                sampleOf[id] = b;
            }
        }
    }

    @Override
    public void onStep(StepOutputs out) {
        int t = record ? (int) steps : 0;
        if (record && (long) (t + 1) * numOutput > output[0].length) {
            for (int b = 0; b < output.length; b++) {
                output[b] = Arrays.copyOf(output[b], output[b].length * 2);
            }
        }
        for (int b = 0; b < neuronsPerSample.length; b++) {
            int[] ids = neuronsPerSample[b];
            int first = ids[0];
            for (int k = 0; k < numOutput; k++) {
                float v = out.output(first, k);
                output[b][t * numOutput + k] = v;
                for (int c = 1; c < ids.length; c++) {
                    if (Float.floatToRawIntBits(out.output(ids[c], k)) != Float.floatToRawIntBits(v)) {
                        copyMismatches++;
                    }
                }
            }
        }
        for (int i = 0; i < out.spikeCount(); i++) {
            int id = out.spikeNeuron(i);
            if (record && id < sampleOf.length && sampleOf[id] >= 0) {
                if (3 * (spikeCount + 1) > spikeRows.length) {
                    spikeRows = Arrays.copyOf(spikeRows, spikeRows.length * 2);
                }
                spikeRows[3 * spikeCount] = sampleOf[id];
                spikeRows[3 * spikeCount + 1] = out.step();
                spikeRows[3 * spikeCount + 2] = copyOf[id];
                spikeCount++;
            }
        }
        steps++;
    }

    /** Steps received so far. */
    public long steps() {
        return steps;
    }

    /** Output values of copies that differed from their sample's first neuron (0 when deterministic). */
    public long copyMismatches() {
        return copyMismatches;
    }

    /** Output (B, T, d_o) in C order. */
    public float[] output() {
        if (!record) {
            throw new IllegalStateException("this sink was made not to record outputs");
        }
        int b = neuronsPerSample.length;
        int per = (int) steps * numOutput;
        float[] all = new float[b * per];
        for (int i = 0; i < b; i++) {
            System.arraycopy(output[i], 0, all, i * per, per);
        }
        return all;
    }

    /** Spikes recorded so far (rows of {@code spikes}). */
    public int spikeCount() {
        return spikeCount;
    }

    /** Writes {@code output} (and {@code spikes} when any neuron spiked or {@code withSpikes}) to an npz. */
    public void write(Path file, boolean withSpikes) throws IOException {
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("output", NdArray.ofFloats(output(), neuronsPerSample.length, (int) steps, numOutput));
        if (withSpikes || spikeCount > 0) {
            arrays.put("spikes", NdArray.ofLongs(Arrays.copyOf(spikeRows, 3 * spikeCount), spikeCount, 3));
        }
        Npz.write(file, arrays, true);
    }
}
