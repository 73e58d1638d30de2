package io.elmkit.io.journal;

import io.elmkit.io.event.StepBatch;
import java.nio.file.Path;

/**
 * A writer run as a separate JVM by the kill -9 test: appends batches forever (batch for step s
 * holds 1 + s % 7 events, channel c = s * 31 + i, value = s), printing progress.
 */
public final class JournalWriterProcess {
    private JournalWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (SpikeJournal j = SpikeJournal.create(Path.of(args[0]), new JournalHeader(1000, 1.0, 0, "kill test"))) {
            StepBatch batch = new StepBatch();
            for (long step = 0; ; step++) {
                batch.reset(0, step);
                for (int i = 0; i < 1 + step % 7; i++) {
                    batch.add((int) ((step * 31 + i) % 1000), step);
                }
                j.append(batch);
                if (step % 1000 == 0) {
                    System.out.println("wrote " + step);
                    System.out.flush();
                }
            }
        }
    }
}
