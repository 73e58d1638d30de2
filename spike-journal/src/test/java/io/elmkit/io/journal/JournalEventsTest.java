package io.elmkit.io.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal <-> events file: a journal in time order comes back sorted by sample, step, channel, stably. */
class JournalEventsTest {

    @Test
    void aTimeOrderedJournalReadsAsSortedEvents(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("live");
        try (SpikeJournal w = SpikeJournal.create(j, new JournalHeader(4, 0.5, 0, "test"))) {
            // step 0 of samples 1 and 0, then step 1: time order, not the events layout's order
            w.append(new StepBatch().reset(1, 0).add(3, 1f).add(0, 2f));
            w.append(new StepBatch().reset(0, 0).add(2, 3f).add(2, 4f));
            w.append(new StepBatch().reset(0, 1).add(1, 5f));
        }
        List<String> warnings = new ArrayList<>();
        EventsFile f = JournalEvents.read(j, warnings::add);
        assertEquals(List.of(), warnings);
        assertArrayEquals(new long[] {0, 0, 0, 1, 1}, f.sample);
        assertArrayEquals(new long[] {0, 0, 1, 0, 0}, f.step);
        assertArrayEquals(new int[] {2, 2, 1, 0, 3}, f.channel);
        assertArrayEquals(new float[] {3f, 4f, 5f, 2f, 1f}, f.value, "equal keys keep the journal's order");
        assertEquals(2, f.numSteps, "num_steps 0 in the header: from the events");
        assertNull(f.timeS);

        Path again = dir.resolve("again");
        JournalEvents.write(f, again, "round trip");
        EventsFile g = JournalEvents.read(again, warnings::add);
        assertArrayEquals(f.value, g.value);
        assertArrayEquals(f.channel, g.channel);
    }

    @Test
    void timesAreAllOrNothing(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("mixed");
        try (SpikeJournal w = SpikeJournal.create(j, new JournalHeader(4, 1.0, 3, "test"))) {
            w.append(new StepBatch().reset(0, 0).add(1, 1f, 0.0001));
            w.append(new StepBatch().reset(0, 1).add(1, 1f));
        }
        InputFormatException e = assertThrows(InputFormatException.class, () -> JournalEvents.read(j, w -> { }));
        assertTrue(e.getMessage().startsWith(j + ": record ") && e.getMessage().endsWith(" (stream 0, step 1): time_s:"
            + " expected times as in the records before, found none"), e.getMessage());
    }
}
