package io.elmkit.io.journal;

import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.check.UncheckedInputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Conversions between an events file and a spike journal (stream id = sample; {@code time_s} and
 * labels kept): what {@code elmkit convert} does between an {@code .npz} and a journal directory.
 */
public final class JournalEvents {
    private JournalEvents() {
    }

    /**
     * Writes the events of {@code f} as a new journal {@code dir}, one record per (sample, step), the
     * labels first. {@code description} goes into the journal's header.
     */
    public static void write(EventsFile f, Path dir, String description) throws IOException {
        try (SpikeJournal j = SpikeJournal.create(dir, new JournalHeader((int) f.numChannels, f.dtMs, f.numSteps,
            description))) {
            if (f.labels != null) {
                j.appendLabels(f.labels);
            }
            StepBatch batch = new StepBatch();
            int i = 0;
            while (i < f.size()) {
                batch.reset((int) f.sample[i], f.step[i]);
                int start = i;
                while (i < f.size() && f.sample[i] == f.sample[start] && f.step[i] == f.step[start]) {
                    if (f.timeS != null) {
                        batch.add(f.channel[i], f.value[i], f.timeS[i]);
                    } else {
                        batch.add(f.channel[i], f.value[i]);
                    }
                    i++;
                }
                j.append(batch);
            }
        }
    }

    /**
     * Reads journal {@code dir} as an events file, sorted by sample, step, channel (a journal may be in
     * time order, as recorded live or written by {@code elmkit run}); events equal in all three keep
     * the journal's order. A journal whose writer did not finish is read up to its last complete
     * record, and {@code warnings} is told so.
     */
    public static EventsFile read(Path dir, Consumer<String> warnings) throws IOException {
        String source = dir.toString();
        try (SpikeJournal j = SpikeJournal.open(dir)) {
            JournalHeader h = j.header();
            long[] labels = j.labels();
            // Pass 1 counts the events and checks that time_s is all-or-nothing, as an events file holds it.
            long[] count = {0};
            int[] times = {-1}; // -1: no event seen yet; 0: events without times; 1: with
            try {
                j.replay((index, b) -> {
                    if (b.size() == 0) {
                        return;
                    }
                    int has = b.hasTimes() ? 1 : 0;
                    if (times[0] >= 0 && has != times[0]) {
                        throw new UncheckedInputFormatException(new InputFormatException(source, "record " + index
                            + " (stream " + b.streamId() + ", step " + b.step() + "): time_s",
                            (times[0] == 0 ? "no times" : "times") + " as in the records before", has == 1 ? "times" : "none"));
                    }
                    times[0] = has;
                    count[0] += b.size();
                });
            } catch (UncheckedInputFormatException e) {
                throw e.checked();
            }
            // Sized from the events the journal holds, never from a declared count.
            int n = Checks.toInt(source, "events", count[0], 0, (int) InputLimits.MAX_ARRAY_ELEMENTS);
            long[] sample = new long[n];
            long[] step = new long[n];
            int[] channel = new int[n];
            float[] value = new float[n];
            double[] timeS = times[0] == 1 ? new double[n] : null;
            int[] at = {0};
            j.replay((index, b) -> {
                for (int k = 0; k < b.size() && at[0] < n; k++, at[0]++) {
                    sample[at[0]] = b.streamId();
                    step[at[0]] = b.step();
                    channel[at[0]] = b.channel(k);
                    value[at[0]] = b.value(k);
                    if (timeS != null) {
                        timeS[at[0]] = b.timeS(k);
                    }
                }
            });
            if (j.endingWarning() != null) {
                warnings.accept(j.endingWarning());
            }
            // num_steps 0 in a journal header means "not known when writing" (a live stream): the events decide.
            long numSteps = h.numSteps();
            if (numSteps == 0) {
                for (long s : step) {
                    numSteps = Math.max(numSteps, s + 1);
                }
                if (numSteps == 0) {
                    throw new InputFormatException(source, "num_steps",
                        "the header leaves it open (0) and the journal holds no events, so the length of its streams is unknown");
                }
            }
            EventsFile f = new EventsFile(sample, step, channel, value, h.dtMs(), h.numChannels(), numSteps, timeS, labels)
                .sorted();
            f.validate(source);
            return f;
        }
    }
}
