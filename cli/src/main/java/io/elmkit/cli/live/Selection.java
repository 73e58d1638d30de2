package io.elmkit.cli.live;

import java.util.Arrays;

/** What the view watches: one stream's input raster and up to {@link #MAX_NEURONS} neurons' outputs. */
record Selection(int stream, int[] neurons, int version) {
    static final int MAX_NEURONS = 4;

    /** Checks a selection from the page against the topology; returns null when fine, else the problem. */
    static String problem(LiveTopology t, int stream, int[] neurons) {
        if (stream < 0 || stream >= t.numStreams()) {
            return "stream: expected 0.." + (t.numStreams() - 1) + ", found " + stream;
        }
        if (neurons.length < 1 || neurons.length > MAX_NEURONS) {
            return "neurons: expected 1 to " + MAX_NEURONS + " ids, found " + neurons.length;
        }
        for (int id : neurons) {
            if (id < 0 || id >= t.numNeurons()) {
                return "neurons: expected ids in 0.." + (t.numNeurons() - 1) + ", found " + id;
            }
        }
        return null;
    }

    String neuronsJson() {
        return Arrays.toString(neurons).replace(" ", "");
    }
}
