package io.elmkit.io.journal;

import io.elmkit.io.event.StepBatch;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A writer run as a separate JVM by the kill -9 test: appends batches until killed and prints
 * {@code committed N} after the N-th batch's append returned (what it has committed). Batch s
 * (stream 0, step s) holds {@link #size(long)} events, channel c = (s * 31 + i) % 1000, value = s;
 * every 50th batch is large (2,000 events, 16 kB) so that kills also land in the middle of a record.
 * With a second argument N it stops after N batches in the middle of a record for certain: it
 * opens the document of batch N, writes half of it, prints {@code stalled mid-record} and waits to
 * be killed, leaving what a writer killed mid-record leaves (no complete header, the record's first
 * bytes, Chronicle's write lock held by a dead process).
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
        long stallAt = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        try (SpikeJournal j = SpikeJournal.create(Path.of(args[0]), new JournalHeader(1000, 1.0, 0, "kill test"))) {
            StepBatch batch = new StepBatch();
            for (long step = 0; ; step++) {
                if (step == stallAt) {
                    stallMidRecord(Path.of(args[0]), step);
                }
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

    private static void stallMidRecord(Path dir, long step) throws InterruptedException {
        ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).build();
        ExcerptAppender appender = q.createAppender();
        DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().writeByte((byte) 'B').writeInt(0).writeLong(step).writeInt(2000);
        for (int i = 0; i < 1000; i++) { // half of the 2,000 events
            dc.wire().bytes().writeInt(channel(step, i)).writeFloat(step);
        }
        System.out.println("stalled mid-record");
        System.out.flush();
        Thread.sleep(60_000); // killed long before this ends; the document is never closed
        throw new IllegalStateException("not killed");
    }
}
