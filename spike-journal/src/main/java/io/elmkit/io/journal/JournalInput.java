package io.elmkit.io.journal;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.Indices;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.SpikeInput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A recorded journal replayed as engine input: stream = the batches' stream id. A journal written
 * in time order (step never decreasing from record to record, as a live recording or the engine
 * writes it) is streamed with a one-record look-ahead, in memory bounded by one step. A journal in
 * another order (e.g. one sample after the other, as {@code elmkit convert} writes an events file)
 * is read whole first, since its steps cannot be completed without the rest. Replaying a journal
 * twice gives the same events in the same order.
 */
public final class JournalInput implements SpikeInput {
    private final SpikeJournal journal;
    private final String name;
    private final int streams;
    private final long numSteps;
    private final SpikeInput whole;
    private final SpikeJournal.Reader reader;
    private final StepBatch lookahead = new StepBatch();
    private boolean hasLookahead;
    private boolean exhausted;

    /** Scans the journal once (stream count, order), then replays it. The journal stays owned by the caller. */
    public JournalInput(SpikeJournal journal, String name) throws IOException {
        this.journal = journal;
        this.name = name;
        Scan scan = new Scan();
        // The journal checks every record as it decodes it (stream id, step, channel, count, checksum),
        // so the scan sees only valid records; damage is an InputFormatException naming the record.
        journal.replay((index, batch) -> scan.add(batch));
        long[] labels = journal.labels();
        // Labelled journals (converted from a labelled events file) also count silent streams at the end.
        this.streams = (int) Math.max(scan.maxStream + 1, labels != null ? labels.length : 0);
        long headerSteps = journal.header().numSteps();
        this.numSteps = headerSteps > 0 ? headerSteps : scan.lastStep + 1;
        if (scan.timeOrdered) {
            whole = null;
            reader = journal.reader();
        } else {
            whole = new EventsFileInput(readWhole(journal, scan, numSteps, streams, name), name);
            reader = null;
        }
    }

    /** True when the journal is replayed record by record (time order), false when it was read whole. */
    public boolean isStreamed() {
        return whole == null;
    }

    private static final class Scan {
        long maxStream = -1;
        long lastStep = -1;
        long events;
        boolean timeOrdered = true;

        void add(StepBatch b) {
            maxStream = Math.max(maxStream, b.streamId());
            timeOrdered &= b.step() >= lastStep;
            lastStep = Math.max(lastStep, b.step());
            events += b.size();
        }
    }

    private static EventsFile readWhole(SpikeJournal journal, Scan scan, long numSteps, int streams, String name)
        throws IOException {
        // Sized from the events the scan found in the journal, never from a declared count.
        int n = Checks.toInt(name, "events (read whole: the journal is not in time order)", scan.events, 0,
            (int) InputLimits.MAX_ARRAY_ELEMENTS);
        long[] key = new long[n];
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        int[] at = {0};
        journal.replay((index, b) -> {
            for (int i = 0; i < b.size(); i++) {
                int k = at[0]++;
                sample[k] = b.streamId();
                step[k] = b.step();
                channel[k] = b.channel(i);
                value[k] = b.value(i);
            }
        });
        // Stable sort by (sample, step): keeps each stream's order of events within a step.
        int[] order = Indices.stableOrder(n, (a, b) -> {
            int c = Long.compare(sample[a], sample[b]);
            return c != 0 ? c : Long.compare(step[a], step[b]);
        });
        return new EventsFile(Indices.permuted(sample, order), Indices.permuted(step, order),
            Indices.permuted(channel, order), Indices.permuted(value, order), journal.header().dtMs(),
            journal.header().numChannels(), numSteps, null, null).withSampleCount(streams);
    }

    @Override
    public int numStreams() {
        return streams;
    }

    @Override
    public int numChannels() {
        return journal.header().numChannels();
    }

    @Override
    public double dtMs() {
        return journal.header().dtMs();
    }

    @Override
    public long numSteps() {
        return numSteps;
    }

    @Override
    public int poll(long step, Events sink) {
        if (whole != null) {
            return whole.poll(step, sink);
        }
        if (step >= numSteps) {
            return END;
        }
        // Time-ordered: every record of this step is read before any of a later one; the journal is
        // complete (replay), so the end of data completes the last step.
        try {
            while (true) {
                if (!hasLookahead) {
                    if (exhausted || !reader.next(lookahead)) {
                        exhausted = true;
                        return READY;
                    }
                    hasLookahead = true;
                }
                if (lookahead.step() > step) {
                    return READY;
                }
                if (lookahead.step() < step) {
                    throw new IllegalStateException(name + ": record of step " + lookahead.step()
                        + " after step " + step + " was delivered");
                }
                int stream = lookahead.streamId();
                for (int i = 0; i < lookahead.size(); i++) {
                    sink.onEvent(stream, lookahead.channel(i), lookahead.value(i)); // channels checked on decoding
                }
                hasLookahead = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
