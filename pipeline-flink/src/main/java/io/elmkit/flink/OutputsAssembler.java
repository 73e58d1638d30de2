package io.elmkit.flink;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Gathers the job's {@link StepOutput}s into the outputs {@code .npz} of docs/formats.md, as
 * {@code elmkit run} writes it: {@code output} (B, T, d_o) float32 from each stream's first neuron,
 * {@code spikes} rows (sample, step, copy) in step order. Checks what the job delivered: every
 * (stream, step) exactly once, and the other neurons of a stream equal to its first bit for bit.
 */
public final class OutputsAssembler {
    private final int streams;
    private final long steps;
    private final int numOutput;
    private final int neurons;
    private final float[] output;
    private final boolean[] seen;
    private final List<long[]> spikes = new ArrayList<>();
    private long received;
    private long copyMismatches;
    /** Steps the streams' end markers say the run had (-1: none yet); a topic's may end before its num_steps. */
    private long ranSteps = -1;

    /** Room for {@code streams} x {@code steps} outputs of {@code numOutput} values. */
    public OutputsAssembler(int streams, long steps, int numOutput, int neurons) {
        long cells = (long) streams * steps;
        if (cells * numOutput > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("outputs of " + streams + " streams x " + steps + " steps x " + numOutput
                + " outputs do not fit one .npz array; write them to a Kafka topic instead");
        }
        this.streams = streams;
        this.steps = steps;
        this.numOutput = numOutput;
        this.neurons = neurons;
        this.output = new float[(int) (cells * numOutput)];
        this.seen = new boolean[(int) cells];
    }

    /** Files one output record. */
    public void accept(StepOutput o) {
        if (o.stream < 0 || o.stream >= streams || o.step < 0 || o.step >= steps) {
            throw new IllegalStateException("the job delivered " + o + " outside " + streams + " streams x " + steps + " steps");
        }
        if (o.numOutput != numOutput || o.output.length != neurons * numOutput) {
            throw new IllegalStateException("the job delivered " + o + " with " + o.output.length + " values, expected "
                + neurons + " neurons x " + numOutput);
        }
        int cell = (int) (o.stream * steps + o.step);
        if (seen[cell]) {
            throw new IllegalStateException("the job delivered " + o + " twice");
        }
        seen[cell] = true;
        received++;
        System.arraycopy(o.output, 0, output, cell * numOutput, numOutput);
        for (int k = 1; k < neurons; k++) {
            for (int j = 0; j < numOutput; j++) {
                if (Float.floatToRawIntBits(o.output[k * numOutput + j]) != Float.floatToRawIntBits(o.output[j])) {
                    copyMismatches++;
                }
            }
        }
        for (int k : o.spikes) {
            spikes.add(new long[] {o.stream, o.step, k});
        }
    }

    /** Files a stream's end marker: the run had {@code steps} steps (the latest of the markers counts). */
    public void ended(long steps) {
        if (steps < 0 || steps > this.steps) {
            throw new IllegalStateException("the job ended a stream after " + steps + " steps, outside 0 .. " + this.steps);
        }
        ranSteps = Math.max(ranSteps, steps);
    }

    /** Steps the outputs hold: the run's (its end markers), or the input's num_steps before any marker. */
    public long steps() {
        return ranSteps >= 0 ? ranSteps : steps;
    }

    /** Output values of neuron copies that differed from their stream's first neuron (0 when deterministic). */
    public long copyMismatches() {
        return copyMismatches;
    }

    /** Output records received. */
    public long received() {
        return received;
    }

    /** Fails naming the first (stream, step) the job did not deliver. */
    public void requireComplete() {
        long expected = streams * steps();
        if (received == expected) {
            return;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i] && i % steps < steps()) {
                throw new IllegalStateException("the job ended without the outputs of stream " + (i / steps) + " at step "
                    + (i % steps) + " (" + (expected - received) + " of " + expected + " (stream, step) outputs missing)");
            }
        }
    }

    /** output (B, T, d_o); with spikes (sample, step, copy) rows when any neuron spiked or {@code withSpikes}. */
    public void write(Path file, boolean withSpikes) throws IOException {
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("output", NdArray.ofFloats(output(), streams, (int) steps(), numOutput));
        if (withSpikes || !spikes.isEmpty()) {
            // As elmkit run lists them: by step, then sample, then copy.
            spikes.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1])
                : a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
            long[] rows = new long[3 * spikes.size()];
            for (int i = 0; i < spikes.size(); i++) {
                System.arraycopy(spikes.get(i), 0, rows, 3 * i, 3);
            }
            arrays.put("spikes", NdArray.ofLongs(rows, spikes.size(), 3));
        }
        Npz.write(file, arrays, true);
    }

    /** (B, steps(), d_o): the streams' outputs up to the run's last step. */
    float[] output() {
        int per = (int) steps() * numOutput;
        float[] ran = new float[streams * per];
        for (int b = 0; b < streams; b++) {
            System.arraycopy(output, (int) (b * steps * numOutput), ran, b * per, per);
        }
        return ran;
    }
}
