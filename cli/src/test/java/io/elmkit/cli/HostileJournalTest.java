package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-journal corpus through {@code elmkit run --input J} and {@code elmkit convert J out.npz}:
 * each damaged or forged journal ends in one error line naming the journal and what is wrong (the
 * record index where there is one). The corpus is generated here ({@link #writeCorpus}; run
 * {@code main DIR} to write it out); a journal whose writer did not finish is read with a warning.
 */
class HostileJournalTest {
    static final int CHANNELS = 10;
    static final int BATCHES = 20;
    /** The damaged record in the middle: record 10 is batch 9 (record 0 is the header). */
    static final int MIDDLE = 10;

    @TempDir
    static Path corpus;
    static Path model;
    static Map<String, String[]> cases;

    @BeforeAll
    static void setUp() throws Exception {
        cases = writeCorpus(corpus.resolve("journals"));
        model = corpus.resolve("model");
        ModelDirectory.save(ElmModel.initialise(ElmConfig.builder(CHANNELS, 2).numMemory(4).numBranch(2)
            .numSynapsePerBranch(5).build(), 1), model);
    }

    static List<String> names() throws Exception {
        return List.of("mid-record-incomplete", "zeroed-record", "cut-file", "flipped-payload-byte", "negative-step",
            "huge-num-steps", "huge-stream-id", "huge-sample-ids-in-labels", "wrong-header-version", "not-a-journal",
            "garbage-cycle-file");
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("names")
    void runRefusesWithOneLine(String name) {
        Path j = corpus.resolve("journals").resolve(name);
        System.out.println(HostileInput.assertOneLineError(j, new String[] {"run", "--model", model.toString(), "--input", j.toString()},
            cases.get(name)));
    }

    @ParameterizedTest(name = "convert {0}")
    @MethodSource("names")
    void convertRefusesWithOneLine(String name) {
        Path j = corpus.resolve("journals").resolve(name);
        Path out = corpus.resolve(name + ".npz");
        System.out.println(HostileInput.assertOneLineError(j, new String[] {"convert", j.toString(), out.toString()},
            cases.get(name)));
        assertTrue(Files.notExists(out), "nothing written from a damaged journal");
    }

    @Test
    void aJournalWhoseWriterDidNotFinishIsReadWithAWarning(@TempDir Path tmp) throws Exception {
        Path j = tmp.resolve("unfinished");
        try (SpikeJournal writer = SpikeJournal.create(j, new JournalHeader(CHANNELS, 1.0, 0, "still writing"))) {
            for (int s = 0; s < 5; s++) {
                writer.append(new StepBatch().reset(0, s).add(s, 1f));
            }
            // Read while the writer has not closed the journal: as after a crash, there is no end record.
            Path out = tmp.resolve("out.npz");
            CliRunner r = CliRunner.run("convert", j.toString(), out.toString());
            assertEquals(0, r.exitCode, r.err);
            assertTrue(r.err.contains("warning: journal " + j + ": the writer did not finish (no end record); 5 complete "
                + "records read"), r.err);
            assertEquals(5, EventsFile.read(out).size());
            CliRunner run = CliRunner.run("run", "--model", model.toString(), "--input", j.toString(), "--threads", "1");
            assertEquals(0, run.exitCode, run.err);
            assertTrue(run.err.contains("the writer did not finish"), run.err);
        }
        CliRunner closed = CliRunner.run("convert", j.toString(), tmp.resolve("closed.npz").toString());
        assertEquals(0, closed.exitCode, closed.err);
        assertTrue(!closed.err.contains("warning"), "a closed journal reads without a warning: " + closed.err);
    }

    /** Writes the corpus into {@code dir}; returns, per case, what its error line must mention. */
    static Map<String, String[]> writeCorpus(Path dir) throws IOException {
        Map<String, String[]> c = new LinkedHashMap<>();
        Files.createDirectories(dir);
        String middle = "record " + MIDDLE;

        Path j = valid(dir.resolve("mid-record-incomplete"));
        setHeader(j, MIDDLE, header(j, MIDDLE) | 0x80000000); // the not-complete bit of a writer mid-record
        c.put("mid-record-incomplete", new String[] {middle, "marked incomplete, zeroed or cut"});

        j = valid(dir.resolve("zeroed-record"));
        zero(j, MIDDLE);
        c.put("zeroed-record", new String[] {middle, "unreadable"});

        j = valid(dir.resolve("cut-file"));
        try (RandomAccessFile f = new RandomAccessFile(cycle(j).toFile(), "rw")) {
            f.setLength(offsets(j).get(MIDDLE) + 9);
        }
        c.put("cut-file", new String[] {middle, "truncated"});

        j = valid(dir.resolve("flipped-payload-byte"));
        try (RandomAccessFile f = new RandomAccessFile(cycle(j).toFile(), "rw")) {
            long at = offsets(j).get(MIDDLE) + 4 + 1 + 16; // the first event's channel
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        c.put("flipped-payload-byte", new String[] {middle, "checksum (CRC-32C) mismatch"});

        forge(dir.resolve("negative-step"), header(CHANNELS, 100, 4), batch(0, 0, 1), batch(1, -7, 2), batch(0, 1, 3));
        c.put("negative-step", new String[] {"record 2 (stream 1, step -7): step: expected 0 .. 99, found -7"});

        forge(dir.resolve("huge-num-steps"), header(CHANNELS, 1_000_000_000_000L, 4), batch(0, 0, 1));
        c.put("huge-num-steps", new String[] {"record 0 (header): num_steps", "found 1000000000000"});

        forge(dir.resolve("huge-stream-id"), header(CHANNELS, 0, 4), batch(0, 0, 1), batch(400_000_000, 1, 1));
        c.put("huge-stream-id", new String[] {"record 2 (stream 400000000, step 1): stream: expected 0 .. "});

        forge(dir.resolve("huge-sample-ids-in-labels"), header(CHANNELS, 0, 4),
            payload(16).put((byte) 'L').putInt(400_000_000).putLong(3), batch(0, 0, 1));
        c.put("huge-sample-ids-in-labels", new String[] {"record 1 (labels): count", "found 400000000"});

        forge(dir.resolve("wrong-header-version"), header(CHANNELS, 0, 9), batch(0, 0, 1));
        c.put("wrong-header-version", new String[] {"record 0 (header): version: expected 1..4, found 9"});

        j = dir.resolve("not-a-journal");
        Files.createDirectories(j);
        Files.writeString(j.resolve("notes.txt"), "not a journal\n");
        c.put("not-a-journal", new String[] {"no Chronicle Queue files (*.cq4): not a spike journal"});

        j = dir.resolve("garbage-cycle-file");
        Files.createDirectories(j);
        Files.writeString(j.resolve("20261127F.cq4"), "this is not a Chronicle Queue cycle file\n");
        c.put("garbage-cycle-file", new String[] {"cycle file 20261127F.cq4: not a Chronicle Queue cycle file"});
        return c;
    }

    public static void main(String[] args) throws IOException {
        writeCorpus(Path.of(args.length > 0 ? args[0] : "hostile-journals")).keySet().forEach(System.out::println);
    }

    /** A complete journal of {@link #BATCHES} batches written by elmkit itself, to be damaged. */
    private static Path valid(Path j) throws IOException {
        try (SpikeJournal journal = SpikeJournal.create(j, new JournalHeader(CHANNELS, 1.0, 0, "hostile"))) {
            for (int s = 0; s < BATCHES; s++) {
                journal.append(new StepBatch().reset(s % 2, s).add(s % CHANNELS, 1f).add((s + 3) % CHANNELS, 0.5f));
            }
        }
        return j;
    }

    private static Path cycle(Path j) throws IOException {
        return SpikeJournal.cycleFiles(j).get(0);
    }

    /**
     * Offsets of the data records' headers in the cycle file: Chronicle writes 4-byte little-endian
     * headers (bits 0..29 length, bit 30 metadata), 4-byte aligned, and a zero header after the data.
     */
    private static List<Long> offsets(Path j) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(cycle(j).toFile(), "r")) {
            for (long pos = 0; ; ) {
                f.seek(pos);
                int h = Integer.reverseBytes(f.readInt());
                if (h == 0) {
                    break;
                }
                if ((h & 0x40000000) == 0) {
                    offsets.add(pos);
                }
                pos = (pos + 4 + (h & 0x3FFFFFFF) + 3) & ~3L;
            }
        }
        return offsets;
    }

    private static int header(Path j, int record) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(cycle(j).toFile(), "r")) {
            f.seek(offsets(j).get(record));
            return Integer.reverseBytes(f.readInt());
        }
    }

    private static void setHeader(Path j, int record, int header) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(cycle(j).toFile(), "rw")) {
            f.seek(offsets(j).get(record));
            f.writeInt(Integer.reverseBytes(header));
        }
    }

    private static void zero(Path j, int record) throws IOException {
        int length = header(j, record) & 0x3FFFFFFF;
        try (RandomAccessFile f = new RandomAccessFile(cycle(j).toFile(), "rw")) {
            f.seek(offsets(j).get(record));
            f.write(new byte[4 + length]);
        }
    }

    private static ByteBuffer payload(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A journal header payload as version {@code version} writes it (v4 layout). */
    private static ByteBuffer header(int channels, long numSteps, int version) {
        byte[] source = "forged".getBytes(StandardCharsets.US_ASCII);
        return payload(64).put((byte) 'H').putInt(0x454C4D4A).putInt(version).putInt(channels).putDouble(1.0)
            .putLong(numSteps).putInt(source.length).put(source);
    }

    /** One untimed batch of one event on {@code channel}. */
    private static ByteBuffer batch(int stream, long step, int channel) {
        return payload(32).put((byte) 'B').putInt(stream).putLong(step).putInt(1).putInt(channel).putFloat(1f);
    }

    /** A journal of the given record payloads, each sealed with its CRC-32C as version 4 stores it. */
    private static void forge(Path dir, ByteBuffer... payloads) {
        try (ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            for (ByteBuffer p : payloads) {
                CRC32C crc = new CRC32C();
                crc.update(p.array(), 0, p.position());
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(p.array(), 0, p.position()).writeInt((int) crc.getValue());
                }
            }
        }
    }
}
