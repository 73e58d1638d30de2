package io.elmkit.sim.engine;

import io.elmkit.io.check.InputLimits;
import io.elmkit.io.events.EventsFile;

/**
 * An events {@code .npz} (docs/formats.md, Events file) as an engine input: stream = sample, every step from 0 to
 * {@code num_steps - 1}. Events are sorted by sample, step and channel in the file, so each stream
 * keeps a cursor into its own range and a step costs O(streams + events). Several events on the
 * same (sample, step, channel) are summed first, as a dense raster would hold them.
 */
public final class EventsFileInput extends FixedShapeInput {
    private final EventsFile file;
    private final int streams;
    private final int[] cursor;
    private final int[] end;

    /** An input over {@code file}; {@code name} names it in messages. */
    public EventsFileInput(EventsFile file, String name) {
        super(checkedStreams(file, name), (int) file.numChannels, file.dtMs, file.numSteps, name);
        this.file = file;
        this.streams = numStreams();
        this.cursor = new int[streams];
        this.end = new int[streams];
        int i = 0;
        for (int s = 0; s < streams; s++) {
            cursor[s] = i;
            while (i < file.size() && file.sample[i] == s) {
                i++;
            }
            end[s] = i;
        }
        if (i != file.size()) {
            throw new IllegalArgumentException(name + ": sample[" + i + "]: expected 0 .. " + (streams - 1)
                + " (labels has " + streams + " entries), found " + file.sample[i]);
        }
    }

    /** The file's sample count, checked before a cursor per sample is allocated (and its channel count). */
    private static int checkedStreams(EventsFile file, String name) {
        long samples = file.numSamples();
        // Sized by the file (one cursor per sample): bounded like every reader bounds a stream count.
        if (samples < 0 || samples > InputLimits.MAX_STREAMS) {
            throw new IllegalArgumentException(name + ": samples: expected 0 .. " + InputLimits.MAX_STREAMS
                + " (elmkit.limit.streams), found " + samples);
        }
        if (file.numChannels < 1 || file.numChannels > InputLimits.MAX_CHANNELS) {
            throw new IllegalArgumentException(name + ": num_channels: expected 1 .. " + InputLimits.MAX_CHANNELS
                + ", found " + file.numChannels);
        }
        return (int) samples;
    }

    /** Receives one event of the file by its index (the file's arrays hold its channel, value and time). */
    @FunctionalInterface
    public interface EventIndices {
        /** Event {@code index} of the file, on stream {@code stream}. */
        void onEvent(int stream, int index);
    }

    /**
     * Like {@link #poll}, but hands over every event of the step by its index in the file, unsummed
     * (e.g. to publish each event with its time). It advances the same cursors: read an input either
     * this way or through {@link #poll}, not both.
     */
    public int pollIndices(long step, EventIndices sink) {
        if (step >= file.numSteps) {
            return END;
        }
        long[] steps = file.step;
        for (int s = 0; s < streams; s++) {
            int i = cursor[s];
            for (int last = end[s]; i < last && steps[i] == step; i++) {
                sink.onEvent(s, i);
            }
            cursor[s] = i;
        }
        return READY;
    }

    @Override
    public int poll(long step, Events sink) {
        if (step >= file.numSteps) {
            return END;
        }
        long[] steps = file.step;
        int[] channels = file.channel;
        float[] values = file.value;
        for (int s = 0; s < streams; s++) {
            int i = cursor[s];
            int last = end[s];
            while (i < last && steps[i] == step) {
                int c = channels[i];
                float v = values[i];
                i++;
                while (i < last && steps[i] == step && channels[i] == c) {
                    v += values[i];
                    i++;
                }
                sink.onEvent(s, c, v);
            }
            cursor[s] = i;
        }
        return READY;
    }
}
