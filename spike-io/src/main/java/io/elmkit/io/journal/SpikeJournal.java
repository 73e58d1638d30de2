package io.elmkit.io.journal;

import io.elmkit.io.event.StepBatch;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.IdleStrategy;

/**
 * A spike stream recorded on Chronicle Queue: a header document, then one document per step batch
 * (stream, step, events; a {@code 'T'} record when the events carry times in seconds, a {@code 'B'}
 * record when not). Journals of version 1 (written before times existed: {@code 'B'} records only)
 * are read as they are; a version this code does not know is refused. Chronicle publishes a document only once it is complete, so a writer
 * killed mid-stream leaves a journal whose replay yields every complete record and nothing partial.
 * Roll-cycle files are never deleted implicitly: {@link #deleteCyclesBefore} does it when asked.
 */
public final class SpikeJournal implements AutoCloseable {
    private static final int MAGIC = 0x454C4D4A; // "ELMJ"
    /** Version 2 added timed batch records; version 1 journals hold untimed ones only. */
    private static final int VERSION = 3;
    private static final int OLDEST_READABLE_VERSION = 1;
    private static final byte HEADER = 'H';
    private static final byte BATCH = 'B';
    private static final byte TIMED_BATCH = 'T';
    private static final byte LABELS = 'L';

    private final Path dir;
    private final ChronicleQueue queue;
    private final JournalHeader header;
    private ExcerptAppender appender;

    private SpikeJournal(Path dir, ChronicleQueue queue, JournalHeader header) {
        this.dir = dir;
        this.queue = queue;
        this.header = header;
    }

    /** Creates a new journal in an empty or absent directory and writes its header. */
    public static SpikeJournal create(Path dir, JournalHeader header, RollCycle rollCycle) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IOException(dir + ": not empty; a new journal needs an empty or absent directory");
                }
            }
        }
        Files.createDirectories(dir);
        ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(rollCycle).build();
        SpikeJournal j = new SpikeJournal(dir, q, header);
        j.appender = q.createAppender();
        try (DocumentContext dc = j.appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(HEADER).writeInt(MAGIC).writeInt(VERSION).writeInt(header.numChannels())
                .writeDouble(header.dtMs()).writeLong(header.numSteps()).writeUtf8(header.source());
        }
        return j;
    }

    /** Creates a journal with daily roll cycles. */
    public static SpikeJournal create(Path dir, JournalHeader header) throws IOException {
        return create(dir, header, RollCycles.FAST_DAILY);
    }

    /** Opens an existing journal for reading (and appending); its first document must be our header. */
    public static SpikeJournal open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "journal directory not found");
        }
        if (cycleFiles(dir).isEmpty()) {
            throw new IOException(dir + ": no Chronicle Queue files (*.cq4): not a spike journal");
        }
        ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(false).build();
        try {
            ExcerptTailer t = q.createTailer();
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) {
                    throw new IOException(dir + ": empty journal (no header record)");
                }
                Bytes<?> b = dc.wire().bytes();
                if (b.readRemaining() < 29 || b.readByte() != HEADER || b.readInt() != MAGIC) {
                    throw new IOException(dir + ": first record is not an elmkit journal header");
                }
                int version = b.readInt();
                if (version < OLDEST_READABLE_VERSION || version > VERSION) {
                    throw new IOException(dir + ": journal version " + version + ", expected " + OLDEST_READABLE_VERSION
                        + ".." + VERSION + (version > VERSION ? " (written by a newer elmkit)" : ""));
                }
                JournalHeader h = new JournalHeader(b.readInt(), b.readDouble(), b.readLong(), b.readUtf8());
                return new SpikeJournal(dir, q, h);
            }
        } catch (IOException | RuntimeException e) {
            q.close();
            throw e;
        }
    }

    public JournalHeader header() {
        return header;
    }

    /**
     * Records the label of every stream (index = stream id), e.g. the class of each sample, so a
     * journal made from a labelled events file gives the labels back. Write it once, before the
     * batches; readers of batches skip it.
     */
    public void appendLabels(long[] labels) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(LABELS).writeInt(labels.length);
            for (long label : labels) {
                b.writeLong(label);
            }
        }
    }

    /** The labels recorded with {@link #appendLabels}, or null when the journal has none. */
    public long[] labels() throws IOException {
        ExcerptTailer t = queue.createTailer().toStart();
        try {
            while (true) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        return null;
                    }
                    Bytes<?> b = dc.wire().bytes();
                    if (b.readByte() != LABELS) {
                        continue;
                    }
                    int n = b.readInt();
                    if (n < 0 || b.readRemaining() < 8L * n) {
                        throw new IOException(dir + ": labels record " + dc.index() + " claims " + n + " labels but holds "
                            + b.readRemaining() / 8);
                    }
                    long[] labels = new long[n];
                    for (int i = 0; i < n; i++) {
                        labels[i] = b.readLong();
                    }
                    return labels;
                }
            }
        } finally {
            t.close();
        }
    }

    /** Appends one batch, with its events' times when it has them; returns its index (for {@link #replayFrom}). */
    public long append(StepBatch batch) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        boolean timed = batch.hasTimes();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(timed ? TIMED_BATCH : BATCH).writeInt(batch.streamId()).writeLong(batch.step()).writeInt(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                b.writeInt(batch.channel(i)).writeFloat(batch.value(i));
                if (timed) {
                    b.writeDouble(batch.timeS(i));
                }
            }
            return dc.index();
        }
    }

    /** Receives replayed batches; the batch object is reused: copy what you keep. */
    @FunctionalInterface
    public interface Handler {
        void onBatch(long index, StepBatch batch);
    }

    /** Replays every batch from the start; returns how many. */
    public long replay(Handler handler) throws IOException {
        ExcerptTailer t = queue.createTailer().toStart();
        return read(t, handler, () -> true, null);
    }

    /** Replays the batches from {@code index} (as returned by {@link #append}) on. */
    public long replayFrom(long index, Handler handler) throws IOException {
        ExcerptTailer t = queue.createTailer();
        if (!t.moveToIndex(index)) {
            throw new IOException(dir + ": no record at index " + index);
        }
        return read(t, handler, () -> true, null);
    }

    /**
     * Follows the journal live: hands over batches as they are appended (by any process) until
     * {@code keepGoing} says stop, idling with {@code idle} when there is nothing new.
     */
    public long tail(Handler handler, IdleStrategy idle, BooleanSupplier keepGoing) throws IOException {
        ExcerptTailer t = queue.createTailer().toStart();
        return read(t, handler, keepGoing, idle);
    }

    private long read(ExcerptTailer t, Handler handler, BooleanSupplier keepGoing, IdleStrategy idle)
        throws IOException {
        StepBatch batch = new StepBatch();
        long n = 0;
        while (true) {
            boolean got;
            try (DocumentContext dc = t.readingDocument()) {
                got = dc.isPresent();
                if (got) {
                    Bytes<?> b = dc.wire().bytes();
                    byte kind = b.readByte();
                    if (kind == BATCH || kind == TIMED_BATCH) {
                        decodeBatch(b, kind, dc.index(), batch);
                        handler.onBatch(dc.index(), batch);
                        n++;
                    } else if (kind != HEADER && kind != LABELS) {
                        throw new IOException(dir + ": record " + dc.index() + " has unknown kind " + kind);
                    }
                }
            }
            if (!got) {
                if (idle == null || !keepGoing.getAsBoolean()) {
                    return n;
                }
                idle.idle();
            } else if (idle != null) {
                idle.reset();
            }
        }
    }

    /**
     * A pull reader from the start of the journal: {@link Reader#next} reads one batch at a time,
     * for consumers that decide themselves when to read (the engine). Not thread-safe.
     */
    public Reader reader() {
        return new Reader(queue.createTailer().toStart());
    }

    /** Reads batches one at a time; see {@link #reader()}. */
    public final class Reader implements AutoCloseable {
        private final ExcerptTailer tailer;

        private Reader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /** Reads the next batch into {@code batch}; false when there is no complete record (yet). */
        public boolean next(StepBatch batch) throws IOException {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return false;
                    }
                    Bytes<?> b = dc.wire().bytes();
                    byte kind = b.readByte();
                    if (kind == BATCH || kind == TIMED_BATCH) {
                        decodeBatch(b, kind, dc.index(), batch);
                        return true;
                    }
                    if (kind != HEADER && kind != LABELS) {
                        throw new IOException(dir + ": record " + dc.index() + " has unknown kind " + kind);
                    }
                }
            }
        }

        @Override
        public void close() {
            tailer.close();
        }
    }

    private void decodeBatch(Bytes<?> b, byte kind, long index, StepBatch batch) throws IOException {
        if (b.readRemaining() < 16) {
            throw new IOException(dir + ": record " + index + " is shorter than a batch header");
        }
        batch.reset(b.readInt(), b.readLong());
        int count = b.readInt();
        int eventBytes = kind == TIMED_BATCH ? 16 : 8;
        if (count < 0 || b.readRemaining() < (long) eventBytes * count) {
            throw new IOException(dir + ": record " + index + " claims " + count + " events but holds "
                + b.readRemaining() / eventBytes);
        }
        for (int i = 0; i < count; i++) {
            if (kind == TIMED_BATCH) {
                batch.add(b.readInt(), b.readFloat(), b.readDouble());
            } else {
                batch.add(b.readInt(), b.readFloat());
            }
        }
    }

    /** The roll-cycle files of a journal directory, oldest first. */
    public static List<Path> cycleFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().forEach(files::add);
        }
        return files;
    }

    /**
     * Retention, only when asked: deletes the roll-cycle files older than the newest {@code keep}
     * (the current cycle is always kept). Returns the files deleted. Readers of deleted cycles lose
     * those records, which is the point; nothing is deleted implicitly. The header lives in the first
     * cycle: a journal whose first cycle was deleted still replays from a tailer but {@link #open}
     * refuses it (use {@link #replay} on the open journal instead).
     */
    public List<Path> deleteCyclesBefore(int keep) throws IOException {
        List<Path> files = cycleFiles(dir);
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < files.size() - Math.max(1, keep); i++) {
            File f = files.get(i).toFile();
            queue.refreshDirectoryListing();
            if (f.delete()) {
                deleted.add(files.get(i));
            }
        }
        queue.refreshDirectoryListing();
        return deleted;
    }

    @Override
    public void close() {
        queue.close();
    }
}
