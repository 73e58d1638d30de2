package io.elmkit.io.journal;

import io.elmkit.io.event.StepBatch;
import java.nio.file.Path;

/**
 * A writer run as a separate JVM by the kill -9 test: appends batches until killed and prints
 * {@code committed N} after the N-th batch's append returned (what it has committed). Batch s
 * (stream 0, step s) holds {@link #size(long)} events, channel c = (s * 31 + i) % 1000, value = s;
 * every 50th batch is large (2,000 events, 16 kB) so that kills also land in the middle of a record.
 */
public final class JournalWriterProcess {
    private JournalWriterProcess() {
    }

    static int size(long step) {
        return step % 50 == 49 ? 2000 : (int) (1 + step % 7);
    }

    static int channel(long step, int i) {
        return (int) ((step * 31 + i) % 1000);
    }

    public static void main(String[] args) throws Exception {
        try (SpikeJournal j = SpikeJournal.create(Path.of(args[0]), new JournalHeader(1000, 1.0, 0, "kill test"))) {
            StepBatch batch = new StepBatch();
            for (long step = 0; ; step++) {
                batch.reset(0, step);
                for (int i = 0; i < size(step); i++) {
                    batch.add(channel(step, i), step);
                }
                j.append(batch);
                System.out.println("committed " + (step + 1));
                System.out.flush();
            }
        }
    }
}
