package io.elmkit.pipeline;

import io.elmkit.io.OutputPaths;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import io.elmkit.io.progress.ProgressMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * Reads an outputs topic into the outputs {@code .npz} of docs/formats.md, as {@code elmkit run}
 * writes it ({@code output} float32 (B, T, d_o) of each stream's first neuron; {@code spikes} rows
 * (sample, step, neuron) by step, sample, neuron, when any batch names spiking neurons) or into a
 * journal (records as they arrive: stream = sample, channel = output index of the first neuron, as
 * {@code run} writes a journal). The other neurons of a stream are copies of the first: values
 * that differ are counted ({@link Result#copyMismatches}). Ends when every stream has ended, or at
 * the deadline (then the steps every stream has are written, and it says so).
 */
public final class OutputsCollector {
    /** How the collection ended; {@code copyMismatches}: output values of neurons that differed from their stream's first. */
    public record Result(long records, long steps, boolean complete, double seconds, long copyMismatches) {
    }

    /** Called with each batch's arrival time (System.nanoTime), e.g. for latency figures. */
    @FunctionalInterface
    public interface BatchListener {
        /** One batch and its arrival time. */
        void received(StepBatch batch, long nanoTime);
    }

    private OutputsCollector() {
    }

    /** Reads an outputs topic into {@code out} (an outputs .npz or a journal directory) until every stream has ended or the deadline passes. */
    public static Result collect(SpikeTopicReader reader, Path out, long deadlineNanos, ProgressMeter progress,
                                 BatchListener listener) throws IOException {
        TopicHeader h = reader.header();
        String where = "outputs topic";
        if (!TopicHeader.OUTPUTS.equals(h.content())) {
            throw new InputFormatException(where, "content", "\"outputs\"", "\"" + h.content() + "\" (a spike topic:"
                + " run it through a model with elmkit run first)");
        }
        boolean toNpz = out.getFileName().toString().endsWith(".npz");
        int streams = h.numStreams();
        int d = h.numChannels();
        int width = h.batchChannels();
        StepBatch first = new StepBatch(d);
        long copyMismatches = 0;
        float[][] output = new float[streams][toNpz ? d * 64 : 0];
        long[] count = new long[streams];
        long[] spikeRows = new long[3 * 64];
        int spikes = 0;
        SpikeJournal journal = null;
        boolean complete = false;
        long records = 0;
        long start = System.nanoTime();
        try {
            if (!toNpz) {
                journal = SpikeJournal.create(out, new JournalHeader(d, h.dtMs(), h.numSteps(), h.source()));
            }
            while (!reader.allEnded()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                SpikeRecord r = reader.next(Math.min(left, 200_000_000L));
                if (r == null) {
                    continue;
                }
                records++;
                progress.advance(1);
                if (r.kind() != SpikeRecord.Kind.BATCH) {
                    continue;
                }
                StepBatch b = r.batch();
                if (listener != null) {
                    listener.received(b, System.nanoTime());
                }
                int s = b.streamId();
                if (b.size() != width) {
                    throw new InputFormatException(where, "batch of stream " + s + ", step " + b.step(), width
                        + " outputs (" + h.neurons() + " neurons x " + d + ")", Integer.toString(b.size()));
                }
                for (int i = d; i < width; i++) {
                    if (Float.floatToRawIntBits(b.value(i)) != Float.floatToRawIntBits(b.value(i % d))) {
                        copyMismatches++;
                    }
                }
                if (journal != null) {
                    first.reset(s, b.step());
                    for (int k = 0; k < d; k++) {
                        first.add(b.channel(k), b.value(k));
                    }
                    journal.append(first);
                    count[s] = b.step() + 1;
                    continue;
                }
                if (b.step() != count[s]) {
                    throw new InputFormatException(where, "batch of stream " + s, "step " + count[s]
                        + " (every step, in order)", "step " + b.step());
                }
                long need = (count[s] + 1) * d;
                if (need > Integer.MAX_VALUE - 8) {
                    throw new InputFormatException(where, "stream " + s, "at most " + ((Integer.MAX_VALUE - 8) / d)
                        + " steps in an .npz", (count[s] + 1) + " steps");
                }
                if (need > output[s].length) {
                    output[s] = Arrays.copyOf(output[s], (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * output[s].length)));
                }
                for (int k = 0; k < width; k++) {
                    if (b.channel(k) != k) {
                        throw new InputFormatException(where, "batch of stream " + s + ", step " + b.step(),
                            "channels 0 .. " + (width - 1) + " in order", "channel " + b.channel(k) + " at " + k);
                    }
                }
                for (int k = 0; k < d; k++) {
                    output[s][(int) (count[s] * d) + k] = b.value(k);
                }
                for (int neuron : r.spikes()) {
                    if (3 * (spikes + 1) > spikeRows.length) {
                        spikeRows = Arrays.copyOf(spikeRows, spikeRows.length * 2);
                    }
                    spikeRows[3 * spikes] = s;
                    spikeRows[3 * spikes + 1] = b.step();
                    spikeRows[3 * spikes + 2] = neuron;
                    spikes++;
                }
                count[s]++;
            }
            complete = reader.allEnded();
            progress.finish();
            long steps = 0;
            if (toNpz) {
                steps = streams == 0 ? 0 : Arrays.stream(count).min().getAsLong();
                int t = (int) steps;
                float[] all = new float[Math.multiplyExact(Math.multiplyExact(streams, t), d)];
                for (int s = 0; s < streams; s++) {
                    System.arraycopy(output[s], 0, all, s * t * d, t * d);
                }
                LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
                arrays.put("output", NdArray.ofFloats(all, streams, t, d));
                if (spikes > 0) {
                    int kept = 0;
                    for (int i = 0; i < spikes; i++) {
                        if (spikeRows[3 * i + 1] < steps) {
                            System.arraycopy(spikeRows, 3 * i, spikeRows, 3 * kept++, 3);
                        }
                    }
                    arrays.put("spikes", NdArray.ofLongs(sortedRows(spikeRows, kept), kept, 3));
                }
                OutputPaths.createParent(out);
                Npz.write(out, arrays, true);
            } else {
                steps = Arrays.stream(count).max().orElse(0);
            }
            return new Result(records, steps, complete, (System.nanoTime() - start) / 1e9, copyMismatches);
        } finally {
            if (journal != null) {
                if (complete) {
                    journal.close();
                } else {
                    journal.closeUnfinished(); // a consumer stopped early must not read as complete
                }
            }
        }
    }

    /** Spike rows (sample, step, neuron) as {@code elmkit run} lists them: by step, then sample, then neuron. */
    private static long[] sortedRows(long[] rows, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> rows[3 * a + 1] != rows[3 * b + 1] ? Long.compare(rows[3 * a + 1], rows[3 * b + 1])
            : rows[3 * a] != rows[3 * b] ? Long.compare(rows[3 * a], rows[3 * b]) : Long.compare(rows[3 * a + 2], rows[3 * b + 2]));
        long[] sorted = new long[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows, 3 * order[i], sorted, 3 * i, 3);
        }
        return sorted;
    }
}
