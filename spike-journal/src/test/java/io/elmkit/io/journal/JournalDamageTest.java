package io.elmkit.io.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a journal can end: complete (end record), unfinished (no end record: the writer crashed
 * or is still writing; every complete record replayed) and damaged (an error naming the record),
 * and the checks every record passes before its values are used.
 */
class JournalDamageTest {
    private static final int BATCHES = 20;
    private static final int MIDDLE = 10; // record 10 = batch 9 (record 0 is the header)

    private static Path journal(Path dir) throws Exception {
        Path j = dir.resolve("j");
        try (SpikeJournal journal = SpikeJournal.create(j, new JournalHeader(100, 1.0, 0, "damage"))) {
            for (int s = 0; s < BATCHES; s++) {
                journal.append(new StepBatch().reset(s % 2, s).add(s, s).add(s + 1, -s));
            }
        }
        return j;
    }

    private static long[] offsets(Path j) throws Exception {
        return JournalFiles.recordOffsets(JournalFiles.cycle(j));
    }

    private static String damage(Path j) throws Exception {
        try (SpikeJournal journal = SpikeJournal.open(j)) {
            return assertThrows(InputFormatException.class, () -> journal.replay((i, b) -> { })).getMessage();
        }
    }

    private static String openError(Path j) {
        return assertThrows(InputFormatException.class, () -> SpikeJournal.open(j).close()).getMessage();
    }

    @Test
    void aClosedJournalEndsInItsEndRecord(@TempDir Path dir) throws Exception {
        Path j = journal(dir);
        assertEquals(BATCHES + 2, offsets(j).length - 1, "header, batches, end record");
        try (SpikeJournal journal = SpikeJournal.open(j)) {
            assertEquals(4, journal.version());
            assertEquals(BATCHES, journal.replay((i, b) -> { }));
            assertEquals(SpikeJournal.Ending.COMPLETE, journal.ending());
            assertNull(journal.endingWarning());
            try (SpikeJournal.Reader r = journal.reader()) {
                StepBatch b = new StepBatch();
                int n = 0;
                while (r.next(b)) {
                    n++;
                }
                assertEquals(BATCHES, n);
            }
        }
    }

    @Test
    void aJournalWithoutEndRecordReplaysEveryRecordAndSaysTheWriterDidNotFinish(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("j");
        try (SpikeJournal writer = SpikeJournal.create(j, new JournalHeader(10, 1.0, 0, "open"))) {
            for (int s = 0; s < 5; s++) {
                writer.append(new StepBatch().reset(0, s).add(1, 1f));
            }
            try (SpikeJournal reader = SpikeJournal.open(j)) {
                assertEquals(5, reader.replay((i, b) -> { }));
                assertEquals(SpikeJournal.Ending.UNFINISHED, reader.ending());
                assertEquals("journal " + j + ": the writer did not finish (no end record); 5 complete records read",
                    reader.endingWarning());
            }
        }
        // A writer that failed part-way closes without the end record: the same.
        Path failed = dir.resolve("failed");
        SpikeJournal writer = SpikeJournal.create(failed, new JournalHeader(10, 1.0, 0, "failed"));
        writer.append(new StepBatch().reset(0, 0).add(1, 1f));
        writer.closeUnfinished();
        try (SpikeJournal reader = SpikeJournal.open(failed)) {
            assertEquals(1, reader.replay((i, b) -> { }));
            assertEquals(SpikeJournal.Ending.UNFINISHED, reader.ending());
        }
        // A zeroed end record looks the same: the writer's last act is lost, nothing before it.
        Path k = journal(dir.resolve("k"));
        long[] o = offsets(k);
        JournalFiles.zeroRecord(JournalFiles.cycle(k), o[o.length - 2]);
        try (SpikeJournal reader = SpikeJournal.open(k)) {
            assertEquals(BATCHES, reader.replay((i, b) -> { }));
            assertEquals(SpikeJournal.Ending.UNFINISHED, reader.ending());
        }
    }

    @Test
    void aFlippedPayloadByteFailsTheChecksum(@TempDir Path dir) throws Exception {
        Path j = journal(dir);
        JournalFiles.flipByte(JournalFiles.cycle(j), offsets(j)[MIDDLE] + 4 + 1 + 16 + 4); // the first event's value
        String e = damage(j);
        assertTrue(e.startsWith(j + ": record " + MIDDLE + ": checksum (CRC-32C) mismatch"), e);
    }

    @Test
    void aRecordZeroedOrMarkedIncompleteInTheMiddleIsDamageNotAnEnd(@TempDir Path dir) throws Exception {
        Path zeroed = journal(dir.resolve("zeroed"));
        JournalFiles.zeroRecord(JournalFiles.cycle(zeroed), offsets(zeroed)[MIDDLE]);
        String e = damage(zeroed);
        assertTrue(e.startsWith(zeroed + ": record " + MIDDLE + ": unreadable (marked incomplete, zeroed or cut)"), e);
        Path incomplete = journal(dir.resolve("incomplete"));
        JournalFiles.markIncomplete(JournalFiles.cycle(incomplete), offsets(incomplete)[MIDDLE]);
        e = damage(incomplete);
        assertTrue(e.startsWith(incomplete + ": record " + MIDDLE + ": unreadable"), e);
        assertTrue(e.contains("committed " + (BATCHES + 2 - MIDDLE - 1) + " more record(s) after it"), e);
    }

    @Test
    void aCutCycleFileIsRefusedNamingTheRecord(@TempDir Path dir) throws Exception {
        Path mid = journal(dir.resolve("mid"));
        JournalFiles.cut(JournalFiles.cycle(mid), offsets(mid)[MIDDLE] + 10);
        String e = openError(mid);
        assertTrue(e.startsWith(mid + ": record " + MIDDLE + " (cycle file "), e);
        assertTrue(e.contains("truncated"), e);
        Path boundary = journal(dir.resolve("boundary"));
        JournalFiles.cut(JournalFiles.cycle(boundary), offsets(boundary)[MIDDLE]);
        e = openError(boundary);
        assertTrue(e.startsWith(boundary + ": record " + MIDDLE + " (cycle file "), e);
        assertTrue(e.contains("without Chronicle's end of data: truncated"), e);
        Path header = journal(dir.resolve("header"));
        JournalFiles.cut(JournalFiles.cycle(header), 100);
        assertTrue(openError(header).contains("truncated"));
        Path garbage = dir.resolve("garbage");
        java.nio.file.Files.createDirectories(garbage);
        java.nio.file.Files.write(garbage.resolve("20261127F.cq4"), new byte[8192]);
        assertEquals(garbage + ": cycle file 20261127F.cq4: not a Chronicle Queue cycle file (it does not start with "
            + "Chronicle's store header)", openError(garbage));
    }

    @Test
    void recordsWithImpossibleValuesAreRefusedWhateverReadsThem(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"negative step", "record 2 (stream 0, step -5): step: expected 0 .. 99, found -5"},
            {"huge stream", "record 2 (stream 400000000, step 1): stream: expected 0 .. " + (io.elmkit.io.check.InputLimits.MAX_STREAMS - 1)},
            {"channel", "record 2 (stream 0, step 1): event 0: channel: expected 0 .. 9, found 10"},
            {"count", "record 2 (stream 0, step 1): count: expected 1 (the events the record holds), found 7"},
            {"beyond num_steps", "record 2 (stream 0, step 100): step: expected 0 .. 99, found 100"},
        };
        ByteBuffer[] bad = {
            JournalFiles.batch(0, -5, 1, 3), JournalFiles.batch(400_000_000, 1, 1, 3), JournalFiles.batch(0, 1, 1, 10),
            JournalFiles.batch(0, 1, 7, 3), JournalFiles.batch(0, 100, 1, 3),
        };
        for (int k = 0; k < cases.length; k++) {
            Path j = dir.resolve("case" + k);
            JournalFiles.forge(j, JournalFiles.header(10, 1.0, 100), JournalFiles.batch(0, 0, 1, 1), bad[k],
                JournalFiles.batch(0, 2, 1, 1));
            String e = damage(j);
            assertTrue(e.startsWith(j + ": " + cases[k][1]), cases[k][0] + ": " + e);
            // The pull reader (the engine's path) refuses the same record.
            try (SpikeJournal journal = SpikeJournal.open(j); SpikeJournal.Reader r = journal.reader()) {
                StepBatch b = new StepBatch();
                assertTrue(r.next(b));
                InputFormatException again = assertThrows(InputFormatException.class, () -> r.next(b));
                assertEquals(e, again.getMessage());
            }
        }
    }

    @Test
    void headersDeclaringHugeSizesAreRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws Exception {
        Path steps = dir.resolve("steps");
        JournalFiles.forge(steps, JournalFiles.header(10, 1.0, 1_000_000_000_000L));
        assertEquals(steps + ": record 0 (header): num_steps: expected 0 .. " + io.elmkit.io.check.InputLimits.MAX_STEPS
            + ", found 1000000000000", openError(steps));
        Path channels = dir.resolve("channels");
        JournalFiles.forge(channels, JournalFiles.header(-3, 1.0, 10));
        assertTrue(openError(channels).startsWith(channels + ": record 0 (header): num_channels: expected 1 .. "));
        Path dt = dir.resolve("dt");
        JournalFiles.forge(dt, JournalFiles.header(3, Double.NaN, 10));
        assertEquals(dt + ": record 0 (header): dt_ms: expected a finite number > 0, found NaN", openError(dt));
        Path labels = dir.resolve("labels");
        JournalFiles.forge(labels, JournalFiles.header(3, 1.0, 10),
            JournalFiles.payload(16).put((byte) 'L').putInt(400_000_000).putLong(1));
        try (SpikeJournal journal = SpikeJournal.open(labels)) {
            InputFormatException e = assertThrows(InputFormatException.class, journal::labels);
            assertTrue(e.getMessage().startsWith(labels + ": record 1 (labels): count: expected 0 .. "), e.getMessage());
        }
    }

    @Test
    void endRecordCountAndRecordsAfterItAreChecked(@TempDir Path dir) throws Exception {
        Path miscount = dir.resolve("miscount");
        JournalFiles.forge(miscount, JournalFiles.header(10, 1.0, 0), JournalFiles.batch(0, 0, 1, 1),
            JournalFiles.payload(16).put((byte) 'E').putLong(5));
        assertEquals(miscount + ": record 2 (end record): record count: expected 5 records before it (as the writer "
            + "counted), found 2 (records are missing)", damage(miscount));
        Path after = dir.resolve("after");
        JournalFiles.forge(after, JournalFiles.header(10, 1.0, 0), JournalFiles.payload(16).put((byte) 'E').putLong(1),
            JournalFiles.batch(0, 0, 1, 1));
        assertEquals(after + ": record 2: a record after the end record (the writer had closed the journal)", damage(after));
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void damageInAnEarlierRollCycleIsNamedWithTheRecordsPositionInTheJournal(@TempDir Path dir) throws Exception {
        // Which records land in which second's cycle file depends on the clock (a loaded machine may roll
        // between any two appends): damage the last record of the first earlier cycle file that holds a
        // record after the first, numbered by its position over all cycle files.
        for (int attempt = 0; attempt < 3; attempt++) {
            Path j = dir.resolve("j" + attempt);
            try (SpikeJournal journal = SpikeJournal.create(j, new JournalHeader(10, 1.0, 0, "roll"),
                    net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY)) {
                for (int s = 0; s < 6; s++) {
                    if (s == 3) {
                        Thread.sleep(1100); // the next records go to a later second's cycle file
                    }
                    journal.append(new StepBatch().reset(0, s).add(s, 1f));
                }
            }
            java.util.List<Path> cycles = SpikeJournal.cycleFiles(j);
            assertTrue(cycles.size() >= 2, "cycle files: " + cycles);
            try (SpikeJournal journal = SpikeJournal.open(j)) {
                assertEquals(6, journal.replay((i, b) -> { }));
                assertEquals(SpikeJournal.Ending.COMPLETE, journal.ending());
            }
            int before = 0;
            for (Path cycle : cycles.subList(0, cycles.size() - 1)) {
                long[] offsets = JournalFiles.recordOffsets(cycle); // its records, then the end
                int records = offsets.length - 1;
                if (before + records - 1 >= 1) {
                    JournalFiles.zeroRecord(cycle, offsets[records - 1]);
                    String e = damage(j);
                    assertTrue(e.startsWith(j + ": record " + (before + records - 1) + ": unreadable (marked incomplete,"
                        + " zeroed or cut) although the writer committed more records in later roll-cycle files after it"), e);
                    return;
                }
                before += records;
            }
        }
        throw new AssertionError("three journals without a record after the first in an earlier cycle file");
    }

    @Test
    void anOpenedJournalIsReadOnly(@TempDir Path dir) throws Exception {
        Path j = journal(dir);
        try (SpikeJournal journal = SpikeJournal.open(j)) {
            assertThrows(IllegalStateException.class, () -> journal.append(new StepBatch().reset(0, 0)));
        }
    }
}
