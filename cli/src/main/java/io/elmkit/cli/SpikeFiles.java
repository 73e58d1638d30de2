package io.elmkit.cli;

import io.elmkit.io.FileKind;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.shd.ShdAddingNpzReader;
import io.elmkit.io.journal.JournalInput;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.shd.ShdFileEvents;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.SpikeInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Spike files as engine inputs, recognised by content: a journal directory, an events {@code .npz},
 * the {@code .npz} of {@code elmkit shd-adding} (its pairs at their bin_ms) or an SHD {@code .h5}
 * (binned by the reference binning). One place for the commands that stream a
 * file ({@code run}, {@code publish}).
 */
public final class SpikeFiles {
    private SpikeFiles() {
    }

    /**
     * A file opened as an input.
     *
     * @param journal the journal the input replays, for the caller to close after the run (null for other files)
     * @param labels the file's labels, one per stream when it has them (else null)
     * @param events the events file behind the input, with {@code time_s} when it has them (null for a journal)
     */
    public record Opened(SpikeInput source, SpikeJournal journal, long[] labels, EventsFile events) {
    }

    /**
     * {@code input} of {@code kind} as an input, an SHD {@code .h5} binned at {@code dtMs} (spikes at or
     * after {@code durationMs} dropped; null keeps every spike); a journal's ending warning goes to
     * {@code err}. Null for any other kind, for the caller to refuse in its own words.
     */
    public static Opened open(Path input, FileKind kind, double dtMs, Double durationMs, PrintStream err)
        throws IOException {
        String name = input.toString();
        if (kind == FileKind.JOURNAL_DIR || kind == FileKind.DIRECTORY) {
            SpikeJournal journal = SpikeJournal.open(input);
            try {
                JournalInput replay = new JournalInput(journal, name);
                // Known once the journal has been scanned to its end.
                if (journal.endingWarning() != null) {
                    err.println("warning: " + journal.endingWarning());
                }
                return new Opened(replay, journal, journal.labels(), null);
            } catch (IOException | RuntimeException e) {
                journal.close();
                throw e;
            }
        }
        EventsFile events;
        if (kind == FileKind.NPZ) {
            events = ShdAddingNpzReader.readEventsOrPairs(input); // an events file or the pairs of elmkit shd-adding
        } else if (kind == FileKind.HDF5) {
            events = ShdFileEvents.read(input, dtMs, durationMs, ShdFileEvents.Values.COUNTS);
        } else {
            return null;
        }
        return new Opened(new EventsFileInput(events, name), null, events.labels, events);
    }
}
