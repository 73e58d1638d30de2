package io.elmkit.io.journal;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.event.StepBatch;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * record when not), and an end record {@code 'E'} that {@link #close} writes. Since version 4 every
 * record ends in a CRC-32C of its bytes. Journals of versions 1 to 3 (no checksums, no end record)
 * are read as they are and reported as unverified; a version this code does not know is refused.
 *
 * <p>Reading tells three endings apart: the end record was read ({@link Ending#COMPLETE}); there is
 * no end record but nothing the writer committed is missing, i.e. the writer crashed (or is still
 * writing) after its last complete record ({@link Ending#UNFINISHED}: every complete record is
 * replayed, nothing partial, and {@link #endingWarning} says so); or the reader stops at a record
 * that is marked incomplete, zeroed, cut, fails its checksum or holds impossible values while the
 * writer had committed records after it: an {@link InputFormatException} naming the journal and the
 * record index (its position in the journal, counted from the header = record 0). Chronicle publishes a
 * document only once it is complete and records the position of the last one it committed (which is
 * what {@code lastIndex()} reads): a writer killed mid-stream, even mid-record, leaves the second kind
 * of end, while a record lost in the middle leaves committed records behind it.
 * Roll-cycle files are never deleted implicitly: {@link #deleteCyclesBefore} does it when asked.
 */
public final class SpikeJournal implements AutoCloseable {
    private static final int MAGIC = 0x454C4D4A; // "ELMJ"
    /**
     * Version 2 added timed batch records; version 4 a CRC-32C at the end of every record, a
     * length-prefixed UTF-8 source in the header and the end record.
     */
    private static final int VERSION = 4;
    private static final int FIRST_CHECKED_VERSION = 4;
    private static final int OLDEST_READABLE_VERSION = 1;
    private static final byte HEADER = 'H';
    private static final byte BATCH = 'B';
    private static final byte TIMED_BATCH = 'T';
    private static final byte LABELS = 'L';
    private static final byte END = 'E';
    /** A header is a few numbers and a one-line source: anything larger is not one of ours. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    static {
        // Before this class touches Chronicle: its analytics and banner are read when its classes initialise.
        ChronicleDefaults.apply();
    }

    /** How the last read of the journal to its end (a replay, or a reader that ran out) ended. */
    public enum Ending {
        /** The end record was read: the writer closed the journal and every record is there. */
        COMPLETE,
        /** No end record: the writer crashed (or is still writing) after its last complete record, all of which were read. */
        UNFINISHED,
        /** A journal of version 1 to 3: it has neither checksums nor an end record to verify. */
        UNVERIFIED
    }

    private final Path dir;
    private final String name;
    private final ChronicleQueue queue;
    private final JournalHeader header;
    private final int version;
    private final boolean writer;
    private final RecordBuffer out = new RecordBuffer();
    private ExcerptAppender appender;
    private long recordsWritten;
    private boolean closed;
    private volatile Ending ending;
    private volatile long endingBatches;

    private SpikeJournal(Path dir, ChronicleQueue queue, JournalHeader header, int version, boolean writer) {
        this.dir = dir;
        this.name = dir.toString();
        this.queue = queue;
        this.header = header;
        this.version = version;
        this.writer = writer;
    }

    /** Creates a new journal in an empty or absent directory and writes its header. */
    public static SpikeJournal create(Path dir, JournalHeader header, RollCycle rollCycle) throws IOException {
        ChronicleAccess.require(dir);
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IOException(dir + ": not empty; a new journal needs an empty or absent directory");
                }
            }
        }
        Files.createDirectories(dir);
        ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(rollCycle).build();
        SpikeJournal j = new SpikeJournal(dir, q, header, VERSION, true);
        j.appender = q.createAppender();
        byte[] source = header.source().getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = j.out.start(1 + 4 + 4 + 4 + 8 + 8 + 4 + source.length + RecordBuffer.CRC_BYTES);
        p.put(HEADER).putInt(MAGIC).putInt(VERSION).putInt(header.numChannels()).putDouble(header.dtMs())
            .putLong(header.numSteps()).putInt(source.length).put(source);
        j.write(j.out.seal());
        return j;
    }

    /** Creates a journal with daily roll cycles. */
    public static SpikeJournal create(Path dir, JournalHeader header) throws IOException {
        return create(dir, header, RollCycles.FAST_DAILY);
    }

    /**
     * Opens an existing journal for reading (read-only: the files are not changed); its first
     * document must be our header. Appending is for the process that created the journal.
     */
    public static SpikeJournal open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "journal directory not found");
        }
        String name = dir.toString();
        List<Path> cycles = cycleFiles(dir);
        if (cycles.isEmpty()) {
            throw new InputFormatException(name, "no Chronicle Queue files (*.cq4): not a spike journal");
        }
        long records = 0;
        for (Path cycle : cycles) {
            records = CycleFileCheck.check(name, cycle, records);
        }
        ChronicleAccess.require(dir);
        ChronicleQueue q;
        try {
            q = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
        } catch (RuntimeException e) {
            // Chronicle's own message is about its internals; the user needs to know the directory is not a journal.
            throw new InputFormatException(name, "not a readable Chronicle Queue directory: not a spike journal");
        }
        try (ExcerptTailer t = q.createTailer()) {
            RecordBuffer in = new RecordBuffer();
            ByteBuffer p;
            try (DocumentContext dc = readingDocument(name, t)) {
                if (!dc.isPresent()) {
                    throw new InputFormatException(name, "empty journal (no header record)");
                }
                Bytes<?> b = dc.wire().bytes();
                long length = b.readRemaining();
                if (length > MAX_HEADER_BYTES) {
                    throw new InputFormatException(name, "record 0 (header)", "at most " + MAX_HEADER_BYTES + " bytes",
                        length + " bytes");
                }
                in.start((int) length);
                b.read(in.array(), 0, (int) length);
                p = in.filled((int) length);
            }
            if (p.remaining() < 9 || p.get() != HEADER || p.getInt() != MAGIC) {
                throw new InputFormatException(name, "first record is not an elmkit journal header: not a spike journal");
            }
            int version = p.getInt();
            if (version < OLDEST_READABLE_VERSION || version > VERSION) {
                throw new InputFormatException(name, "record 0 (header): version", OLDEST_READABLE_VERSION + ".." + VERSION,
                    version + (version > VERSION ? " (written by a newer elmkit?)" : ""));
            }
            if (version >= FIRST_CHECKED_VERSION && !in.verify()) {
                throw new InputFormatException(name, "record 0 (header)", "checksum (CRC-32C) mismatch: the record "
                    + "was changed after it was written");
            }
            JournalHeader h = readHeader(name, p, version);
            return new SpikeJournal(dir, q, h, version, false);
        } catch (IOException | RuntimeException e) {
            q.close();
            throw e;
        }
    }

    /** The tailer's next document; Chronicle refusing the file (a fault in a mapped read included) is damage, said once. */
    private static DocumentContext readingDocument(String name, ExcerptTailer t) throws InputFormatException {
        try {
            return t.readingDocument();
        } catch (RuntimeException | InternalError e) {
            throw new InputFormatException(name, "record 0 (header)", "unreadable: the journal's files are damaged");
        }
    }

    /** The header's fields after the version, each checked before it is used. */
    private static JournalHeader readHeader(String name, ByteBuffer p, int version) throws InputFormatException {
        String field = "record 0 (header): ";
        if (p.remaining() < 4 + 8 + 8 + 1) {
            throw new InputFormatException(name, field + "length", "at least " + (p.position() + 21) + " bytes",
                p.limit() + " bytes");
        }
        int channels = Checks.toInt(name, field + "num_channels", p.getInt(), 1, (int) Math.min(InputLimits.MAX_CHANNELS,
            Integer.MAX_VALUE));
        double dtMs = p.getDouble();
        if (!(dtMs > 0) || !Double.isFinite(dtMs)) {
            throw new InputFormatException(name, field + "dt_ms", "a finite number > 0", Double.toString(dtMs));
        }
        long numSteps = Checks.inRange(name, field + "num_steps", p.getLong(), 0, InputLimits.MAX_STEPS);
        String source;
        if (version >= FIRST_CHECKED_VERSION) {
            int length = p.remaining() >= 4 ? p.getInt() : -1;
            Checks.inRange(name, field + "source length", length, 0, p.remaining());
            source = new String(p.array(), p.position(), length, StandardCharsets.UTF_8);
        } else {
            source = legacySource(name, p, field);
        }
        return new JournalHeader(channels, dtMs, numSteps, source);
    }

    /** Versions 1 to 3 stored the source as Chronicle's stop-bit length (7 bits a byte, low first) and UTF-8 bytes. */
    private static String legacySource(String name, ByteBuffer p, String field) throws InputFormatException {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            if (!p.hasRemaining() || shift > 28) {
                throw new InputFormatException(name, field + "source length", "a stop-bit length", "a broken one");
            }
            int b = p.get() & 0xFF;
            length |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
        }
        Checks.inRange(name, field + "source length", length, 0, p.remaining());
        return new String(p.array(), p.position(), (int) length, StandardCharsets.UTF_8);
    }

    /** The journal's header (record 0). */
    public JournalHeader header() {
        return header;
    }

    /** The format version the journal was written with (1 to 4; 4 and later carry checksums and an end record). */
    public int version() {
        return version;
    }

    /** How the last read to the end ended, or null before any read got there. */
    public Ending ending() {
        return ending;
    }

    /**
     * One line for the user when the last read to the end was not verified complete (no end record,
     * or a journal without checksums), or null when it was.
     */
    public String endingWarning() {
        Ending e = ending;
        if (e == Ending.UNFINISHED) {
            return "journal " + name + ": the writer did not finish (no end record); " + endingBatches
                + " complete records read";
        }
        if (e == Ending.UNVERIFIED) {
            return "journal " + name + ": version " + version + " (before checksums and end records): " + endingBatches
                + " records read unverified";
        }
        return null;
    }

    /**
     * Records the label of every stream (index = stream id), e.g. the class of each sample, so a
     * journal made from a labelled events file gives the labels back. Write it once, before the
     * batches; readers of batches skip it.
     */
    public void appendLabels(long[] labels) {
        ByteBuffer p = out.start(Math.toIntExact(1 + 4 + 8L * labels.length + RecordBuffer.CRC_BYTES));
        p.put(LABELS).putInt(labels.length);
        for (long label : labels) {
            p.putLong(label);
        }
        write(out.seal());
    }

    /** The labels recorded with {@link #appendLabels}, or null when the journal has none (they precede the batches). */
    public long[] labels() throws IOException {
        try (Cursor c = new Cursor(queue.createTailer().toStart(), 0, -1)) {
            c.quiet = true;
            while (true) {
                ByteBuffer p = c.nextRecord(false);
                if (p == null) {
                    return null;
                }
                byte kind = p.get();
                if (kind == LABELS) {
                    String field = "record " + c.record + " (labels)";
                    if (p.remaining() < 4) {
                        throw new InputFormatException(name, field, "a label count", "a record of " + p.limit() + " bytes");
                    }
                    int n = Checks.toInt(name, field + ": count", p.getInt(), 0, (int) InputLimits.MAX_STREAMS);
                    if (p.remaining() != 8L * n) {
                        throw new InputFormatException(name, field + ": count", (p.remaining() / 8) + " (the labels the record holds)",
                            Integer.toString(n));
                    }
                    long[] labels = new long[n];
                    for (int i = 0; i < n; i++) {
                        labels[i] = p.getLong();
                    }
                    return labels;
                }
                if (kind != HEADER) {
                    return null;
                }
            }
        }
    }

    /** Appends one batch, with its events' times when it has them; returns its index (for {@link #replayFrom}). */
    public long append(StepBatch batch) {
        boolean timed = batch.hasTimes();
        int n = batch.size();
        ByteBuffer p = out.start(Math.toIntExact(1 + 16 + (long) n * (timed ? 16 : 8) + RecordBuffer.CRC_BYTES));
        p.put(timed ? TIMED_BATCH : BATCH).putInt(batch.streamId()).putLong(batch.step()).putInt(n);
        for (int i = 0; i < n; i++) {
            p.putInt(batch.channel(i)).putFloat(batch.value(i));
            if (timed) {
                p.putDouble(batch.timeS(i));
            }
        }
        return write(out.seal());
    }

    /** Writes the sealed record in {@link #out} as one document; returns its index. */
    private long write(int length) {
        if (!writer) {
            throw new IllegalStateException(name + ": opened for reading; only the process that created a journal appends to it");
        }
        if (closed) {
            throw new IllegalStateException(name + ": closed");
        }
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(out.array(), 0, length);
            recordsWritten++;
            return dc.index();
        }
    }

    /** Receives replayed batches; the batch object is reused: copy what you keep. */
    @FunctionalInterface
    public interface Handler {
        /** One batch: its index (for {@link SpikeJournal#replayFrom}) and the batch, reused after the call. */
        void onBatch(long index, StepBatch batch);
    }

    /** Replays every batch from the start; returns how many. Damage is an {@link InputFormatException}; see {@link #ending()}. */
    public long replay(Handler handler) throws IOException {
        return read(new Cursor(queue.createTailer().toStart(), 0, -1), handler, () -> true, null);
    }

    /** Replays the batches from {@code index} (as returned by {@link #append}) on. */
    public long replayFrom(long index, Handler handler) throws IOException {
        ExcerptTailer t = queue.createTailer();
        if (!t.moveToIndex(index)) {
            t.close();
            throw new IOException(dir + ": no record at index " + index);
        }
        // Records are numbered from the start of the index's roll cycle here (from the journal's start
        // elsewhere); the end record's count covers the whole journal only from the start.
        return read(new Cursor(t, queue.rollCycle().toSequenceNumber(index), index - 1), handler, () -> true, null);
    }

    /**
     * Follows the journal live: hands over batches as they are appended (by any process) until
     * {@code keepGoing} says stop or the end record arrives, idling with {@code idle} when there is nothing new.
     */
    public long tail(Handler handler, IdleStrategy idle, BooleanSupplier keepGoing) throws IOException {
        return read(new Cursor(queue.createTailer().toStart(), 0, -1), handler, keepGoing, idle);
    }

    private long read(Cursor c, Handler handler, BooleanSupplier keepGoing, IdleStrategy idle) throws IOException {
        try (c) {
            StepBatch batch = new StepBatch();
            long n = 0;
            while (true) {
                if (c.next(batch, idle != null)) {
                    handler.onBatch(c.index, batch);
                    n++;
                    if (idle != null) {
                        idle.reset();
                    }
                } else if (c.ended || idle == null || !keepGoing.getAsBoolean()) {
                    return n;
                } else {
                    idle.idle();
                }
            }
        }
    }

    /**
     * A pull reader from the start of the journal: {@link Reader#next} reads one batch at a time,
     * for consumers that decide themselves when to read (the engine). Not thread-safe.
     */
    public Reader reader() {
        return new Reader(new Cursor(queue.createTailer().toStart(), 0, -1));
    }

    /** Reads batches one at a time; see {@link #reader()}. */
    public final class Reader implements AutoCloseable {
        private final Cursor cursor;

        private Reader(Cursor cursor) {
            this.cursor = cursor;
        }

        /**
         * Reads the next batch into {@code batch}; false at the end of the journal (see
         * {@link SpikeJournal#ending()}). Damage is an {@link InputFormatException} naming the record.
         */
        public boolean next(StepBatch batch) throws IOException {
            return cursor.next(batch, false);
        }

        @Override
        public void close() {
            cursor.close();
        }
    }

    /** One pass over the records: decodes and checks each, and tells a clean or crashed end from damage. */
    private final class Cursor implements AutoCloseable {
        private final ExcerptTailer tailer;
        private final boolean fromStart;
        private final RecordBuffer in = new RecordBuffer();
        /** The record number of the last record read (the header is 0). */
        long record;
        /** The queue index of the last document read. */
        long index;
        boolean ended;
        /** True for a look at the first records only (labels): it does not report the journal's ending. */
        boolean quiet;
        private long batches;
        private boolean looked;

        Cursor(ExcerptTailer tailer, long firstRecord, long indexBefore) {
            this.tailer = tailer;
            this.fromStart = indexBefore < 0;
            this.record = firstRecord - 1;
            this.index = indexBefore;
        }

        /** Reads the next batch; false at the end of what there is (live) or of the journal. */
        boolean next(StepBatch batch, boolean live) throws IOException {
            while (true) {
                ByteBuffer p = nextRecord(live);
                if (p == null) {
                    return false;
                }
                byte kind = p.get();
                if (kind == BATCH || kind == TIMED_BATCH) {
                    decodeBatch(p, kind == TIMED_BATCH, batch);
                    batches++;
                    return true;
                }
                if (kind == END && version >= FIRST_CHECKED_VERSION) {
                    checkEnd(p);
                    return false;
                }
                if (kind == HEADER && fromStart && record != 0) {
                    throw new InputFormatException(name, "record " + record, "a second header record");
                }
                if (kind != HEADER && kind != LABELS) {
                    throw new InputFormatException(name, "record " + record + ": kind",
                        "'H', 'L', 'B', 'T'" + (version >= FIRST_CHECKED_VERSION ? " or 'E'" : ""), "byte " + kind);
                }
            }
        }

        /** The next record's payload (checksum verified), or null at the end; sets {@link #record} and {@link #index}. */
        ByteBuffer nextRecord(boolean live) throws IOException {
            while (!ended) {
                ByteBuffer p = readDocument();
                if (p != null) {
                    return p;
                }
                if (live) {
                    return null;
                }
                long committed = committedLastIndex();
                if (committed <= index) {
                    if (!quiet) {
                        ending = version >= FIRST_CHECKED_VERSION ? Ending.UNFINISHED : Ending.UNVERIFIED;
                        endingBatches = batches;
                    }
                    return null;
                }
                if (looked) {
                    RollCycle cycles = queue.rollCycle();
                    String after = index >= 0 && cycles.toCycle(committed) == cycles.toCycle(index)
                        ? (cycles.toSequenceNumber(committed) - cycles.toSequenceNumber(index) - 1) + " more record(s)"
                        : "more records in later roll-cycle files";
                    throw new InputFormatException(name, "record " + (record + 1), "unreadable (marked incomplete, "
                        + "zeroed or cut) although the writer committed " + after + " after it: the journal is damaged");
                }
                looked = true; // a writer may have committed one just now: look once more before calling it damage
            }
            return null;
        }

        /** The next complete document's payload, its checksum verified, or null when there is none (yet). */
        private ByteBuffer readDocument() throws InputFormatException {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                looked = false;
                record++;
                index = dc.index();
                Bytes<?> b = dc.wire().bytes();
                int length = (int) b.readRemaining(); // Chronicle documents are below 2^30 bytes
                in.start(length);
                b.read(in.array(), 0, length);
                ByteBuffer p = in.filled(length);
                if (version >= FIRST_CHECKED_VERSION && !in.verify()) {
                    throw new InputFormatException(name, "record " + record, "checksum (CRC-32C) mismatch: the "
                        + "record was changed after it was written");
                }
                if (!p.hasRemaining()) {
                    throw new InputFormatException(name, "record " + record, "empty (not a journal record)");
                }
                return p;
            } catch (RuntimeException | InternalError e) {
                // Chronicle refusing a document header, or a fault in a memory-mapped read (a file cut under us).
                throw new InputFormatException(name, "record " + (record + 1), "unreadable: the journal's files are damaged");
            }
        }

        private void checkEnd(ByteBuffer p) throws IOException {
            String field = "record " + record + " (end record)";
            if (p.remaining() != 8) {
                throw new InputFormatException(name, field, "8 bytes of record count", p.remaining() + " bytes");
            }
            long count = p.getLong();
            if (fromStart && count != record) {
                throw new InputFormatException(name, field + ": record count", count + " records before it (as the "
                    + "writer counted)", record + " (records are missing)");
            }
            ended = true;
            if (committedLastIndex() > index) {
                throw new InputFormatException(name, "record " + (record + 1), "a record after the end record (the "
                    + "writer had closed the journal)");
            }
            ending = Ending.COMPLETE;
            endingBatches = batches;
        }

        private long committedLastIndex() throws InputFormatException {
            try {
                return queue.lastIndex();
            } catch (RuntimeException | InternalError e) {
                // InternalError: a fault in a memory-mapped read, i.e. a cycle file changed or cut under us.
                throw new InputFormatException(name, "record " + (record + 1), "unreadable: the journal's files are damaged");
            }
        }

        private void decodeBatch(ByteBuffer p, boolean timed, StepBatch batch) throws InputFormatException {
            if (p.remaining() < 16) {
                throw new InputFormatException(name, "record " + record, "at least 17 bytes (a batch header)",
                    (p.remaining() + 1) + " bytes");
            }
            int stream = p.getInt();
            long step = p.getLong();
            int count = p.getInt();
            String where = "record " + record + " (stream " + stream + ", step " + step + "): ";
            Checks.inRange(name, where + "stream", stream, 0, InputLimits.MAX_STREAMS - 1);
            long lastStep = header.numSteps() > 0 ? header.numSteps() - 1 : InputLimits.MAX_STEPS - 1;
            Checks.inRange(name, where + "step", step, 0, lastStep);
            int eventBytes = timed ? 16 : 8;
            if (count < 0 || (long) count * eventBytes != p.remaining()) {
                throw new InputFormatException(name, where + "count", p.remaining() / eventBytes + " (the events the "
                    + "record holds)", Integer.toString(count));
            }
            batch.reset(stream, step);
            int channels = header.numChannels();
            for (int i = 0; i < count; i++) {
                int channel = p.getInt();
                float value = p.getFloat();
                if (channel < 0 || channel >= channels) {
                    throw new InputFormatException(name, where + "event " + i + ": channel", "0 .. " + (channels - 1),
                        Integer.toString(channel));
                }
                if (!Float.isFinite(value)) {
                    throw new InputFormatException(name, where + "event " + i + ": value", "a finite number",
                        Float.toString(value));
                }
                if (timed) {
                    double timeS = p.getDouble();
                    if (!Double.isFinite(timeS)) {
                        throw new InputFormatException(name, where + "event " + i + ": time_s", "a finite number",
                            Double.toString(timeS));
                    }
                    batch.add(channel, value, timeS);
                } else {
                    batch.add(channel, value);
                }
            }
        }

        @Override
        public void close() {
            tailer.close();
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

    /**
     * Closes a writer's journal without the end record, for a writer that failed part-way: readers
     * then see what a crash leaves (every complete record, and a warning that the writer did not finish).
     */
    public void closeUnfinished() {
        if (!closed) {
            closed = true;
            queue.close();
        }
    }

    /** Closes the journal; a writer first appends the end record, so readers know the journal is complete. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (writer) {
                ByteBuffer p = out.start(1 + 8 + RecordBuffer.CRC_BYTES);
                p.put(END).putLong(recordsWritten);
                write(out.seal());
            }
        } finally {
            closed = true;
            queue.close();
        }
    }
}
