package io.elmkit.pipeline.cli;

import io.elmkit.cli.SpikeFiles;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.shd.ShdFileEvents;
import io.elmkit.sim.engine.EventsFileInput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An SHD {@code .h5} as {@code publish} sends it: one event of value 1 per spike with its time in
 * {@code time_s} ({@link ShdFileEvents.Values#SPIKES}), in the step of {@code --dt-ms} the reference
 * binning gives it, so the topic keeps the file's spike times; readers that sum a step's events per
 * channel ({@code run}) get the counts that {@code run} bins from the file itself.
 */
final class ShdSpikeTimes {
    private ShdSpikeTimes() {
    }

    /** Reads {@code input} (checked as run reads it) with every spike and its time. */
    static SpikeFiles.Opened open(Path input, double dtMs, Double durationMs) throws IOException {
        EventsFile events = ShdFileEvents.read(input, dtMs, durationMs, ShdFileEvents.Values.SPIKES);
        return new SpikeFiles.Opened(new EventsFileInput(events, input.toString()), null, events.labels, events);
    }
}
