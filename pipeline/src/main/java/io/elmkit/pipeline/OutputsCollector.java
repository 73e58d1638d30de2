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
 * Reads an outputs topic into the outputs {@code .npz} of docs/formats.md ({@code output} float32
 * (B, T, d_o); {@code spikes} rows (sample, step, 0) when any batch carries the spike flag) or into a
 * journal (records as they arrive: stream = sample, channel = output index). Ends when every stream
 * has ended, or at the deadline (then the steps every stream has are written, and it says so).
 */
public final class OutputsCollector {
    /** How the collection ended. */
    public record Result(long records, long steps, boolean complete, double seconds) {
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
                if (journal != null) {
                    journal.append(b);
                    count[s] = b.step() + 1;
                    continue;
                }
                if (b.step() != count[s] || b.size() != d) {
                    throw new InputFormatException(where, "batch of stream " + s, "step " + count[s] + " with " + d
                        + " outputs (every step, in order)", "step " + b.step() + " with " + b.size());
                }
                long need = (count[s] + 1) * d;
                if (need > Integer.MAX_VALUE - 8) {
                    throw new InputFormatException(where, "stream " + s, "at most " + ((Integer.MAX_VALUE - 8) / d)
                        + " steps in an .npz", (count[s] + 1) + " steps");
                }
                if (need > output[s].length) {
                    output[s] = Arrays.copyOf(output[s], (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * output[s].length)));
                }
                for (int k = 0; k < d; k++) {
                    if (b.channel(k) != k) {
                        throw new InputFormatException(where, "batch of stream " + s + ", step " + b.step(),
                            "channels 0 .. " + (d - 1) + " in order", "channel " + b.channel(k) + " at " + k);
                    }
                    output[s][(int) (count[s] * d) + k] = b.value(k);
                }
                if (r.spiked()) {
                    if (3 * (spikes + 1) > spikeRows.length) {
                        spikeRows = Arrays.copyOf(spikeRows, spikeRows.length * 2);
                    }
                    spikeRows[3 * spikes] = s;
                    spikeRows[3 * spikes + 1] = b.step();
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
                    arrays.put("spikes", NdArray.ofLongs(Arrays.copyOf(spikeRows, 3 * kept), kept, 3));
                }
                OutputPaths.createParent(out);
                Npz.write(out, arrays, true);
            } else {
                steps = Arrays.stream(count).max().orElse(0);
            }
            return new Result(records, steps, complete, (System.nanoTime() - start) / 1e9);
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
}
