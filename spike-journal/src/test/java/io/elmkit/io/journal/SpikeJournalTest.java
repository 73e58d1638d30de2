package io.elmkit.io.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SpikeJournalTest {

    static StepBatch batch(long step) {
        StepBatch b = new StepBatch().reset((int) (step % 3), step);
        for (int i = 0; i < 1 + step % 4; i++) {
            b.add(i * 10, (float) step / 2);
        }
        return b;
    }

    @Test
    void recordsAndReplaysWithHeaderAndIndex(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("j");
        List<Long> indices = new ArrayList<>();
        try (SpikeJournal journal = SpikeJournal.create(j, new JournalHeader(700, 2.0, 500, "test"))) {
            for (long s = 0; s < 100; s++) {
                indices.add(journal.append(batch(s)));
            }
        }
        try (SpikeJournal journal = SpikeJournal.open(j)) {
            assertEquals(new JournalHeader(700, 2.0, 500, "test"), journal.header());
            List<String> seen = new ArrayList<>();
            assertEquals(100, journal.replay((index, b) -> seen.add(b.streamId() + ":" + b.step() + ":" + b.size()
                + ":" + b.value(0))));
            for (long s = 0; s < 100; s++) {
                StepBatch e = batch(s);
                assertEquals(e.streamId() + ":" + s + ":" + e.size() + ":" + e.value(0), seen.get((int) s));
            }
            List<Long> from = new ArrayList<>();
            assertEquals(40, journal.replayFrom(indices.get(60), (index, b) -> from.add(b.step())));
            assertEquals(60L, from.get(0));
        }
    }

    @Test
    @Timeout(60)
    void tailsALiveWriter(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("j");
        try (SpikeJournal writer = SpikeJournal.create(j, new JournalHeader(40, 1.0, 0, "live"));
             SpikeJournal reader = SpikeJournal.open(j)) {
            AtomicBoolean done = new AtomicBoolean();
            List<Long> steps = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    reader.tail((index, b) -> {
                        steps.add(b.step());
                        if (steps.size() == 500) {
                            done.set(true);
                        }
                    }, new SleepingMillisIdleStrategy(1), () -> !done.get());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            for (long s = 0; s < 500; s++) {
                writer.append(batch(s));
                if (s % 100 == 0) {
                    Thread.sleep(5);
                }
            }
            t.join(30_000);
            assertEquals(500, steps.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, steps.get(i));
            }
        }
    }

    @Test
    @Timeout(60)
    void retentionDeletesOldCyclesOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("j");
        try (SpikeJournal journal = SpikeJournal.create(j, new JournalHeader(4, 1.0, 0, "roll"),
                net.openhft.chronicle.queue.rollcycles.TestRollCycles.TEST_SECONDLY)) {
            for (int cycle = 0; cycle < 3; cycle++) {
                journal.append(batch(cycle));
                Thread.sleep(1100);
            }
            journal.append(batch(3));
            int before = SpikeJournal.cycleFiles(j).size();
            assertTrue(before >= 3, "one file per second-long cycle: " + before);
            List<Path> deleted = journal.deleteCyclesBefore(1);
            assertEquals(before - 1, deleted.size());
            assertEquals(1, SpikeJournal.cycleFiles(j).size(), "only the newest cycle is kept");
        }
    }

    @Test
    void timedBatchesReplayWithTheirTimesBesideUntimedOnes(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("j");
        try (SpikeJournal journal = SpikeJournal.create(j, new JournalHeader(700, 1.0, 0, "shd"))) {
            journal.append(new StepBatch().reset(0, 5).add(3, 1f, 0.0051).add(4, 1f, 0.0052));
            journal.append(new StepBatch().reset(0, 6).add(7, 2f));
            journal.append(new StepBatch().reset(1, 0));
        }
        List<String> seen = new ArrayList<>();
        try (SpikeJournal journal = SpikeJournal.open(j)) {
            journal.replay((index, b) -> {
                StringBuilder line = new StringBuilder(b.streamId() + ":" + b.step() + ":" + b.hasTimes());
                for (int i = 0; i < b.size(); i++) {
                    line.append(" ").append(b.channel(i)).append("/").append(b.value(i));
                    if (b.hasTimes()) {
                        line.append("@").append(b.timeS(i));
                    }
                }
                seen.add(line.toString());
            });
        }
        assertEquals(List.of("0:5:true 3/1.0@0.0051 4/1.0@0.0052", "0:6:false 7/2.0", "1:0:false"), seen);
    }

    @Test
    void aVersion1JournalStillReadsAndAnUnknownVersionIsRefused(@TempDir Path dir) throws Exception {
        Path v1 = dir.resolve("v1");
        writeRawJournal(v1, 1);
        try (SpikeJournal journal = SpikeJournal.open(v1)) {
            assertEquals(new JournalHeader(700, 2.0, 100, "old"), journal.header());
            List<String> seen = new ArrayList<>();
            assertEquals(1, journal.replay((index, b) -> seen.add(b.step() + ":" + b.channel(0) + ":" + b.value(0)
                + ":" + b.hasTimes())));
            assertEquals(List.of("3:42:0.5:false"), seen);
            assertEquals(SpikeJournal.Ending.UNVERIFIED, journal.ending());
            assertTrue(journal.endingWarning().contains("version 1"), journal.endingWarning());
        }
        Path v9 = dir.resolve("v9");
        writeRawJournal(v9, 9);
        IOException e = assertThrows(IOException.class, () -> SpikeJournal.open(v9));
        assertEquals(v9 + ": record 0 (header): version: expected 1..4, found 9 (written by a newer elmkit?)", e.getMessage());
    }

    /** A journal as version 1 of SpikeJournal wrote it (header, one untimed batch), with the given version number. */
    private static void writeRawJournal(Path dir, int version) {
        try (ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = q.createAppender()) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 'H').writeInt(0x454C4D4A).writeInt(version).writeInt(700)
                    .writeDouble(2.0).writeLong(100).writeUtf8("old");
            }
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 'B').writeInt(0).writeLong(3).writeInt(1).writeInt(42).writeFloat(0.5f);
            }
        }
    }

    @Test
    void notAJournalIsAClearError(@TempDir Path dir) throws Exception {
        IOException missing = assertThrows(IOException.class, () -> SpikeJournal.open(dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
        Files.writeString(dir.resolve("x.txt"), "hello");
        IOException notJournal = assertThrows(IOException.class, () -> SpikeJournal.open(dir));
        assertTrue(notJournal.getMessage().contains("not a spike journal"), notJournal.getMessage());
        IOException notEmpty = assertThrows(IOException.class,
            () -> SpikeJournal.create(dir, new JournalHeader(1, 1.0, 0, "")));
        assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());
    }
}
