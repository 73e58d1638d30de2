package io.elmkit.cli.live;

/**
 * What the page's pickers offer: streams (each feeding {@code streamNeurons[s]} neurons from id
 * {@code streamFirstNeuron[s]} on), channels per stream, outputs per neuron and the step length.
 */
public record LiveTopology(String title, int numStreams, int numChannels, int numNeurons, int numOutput, double dtMs,
                           boolean realtime, int[] streamFirstNeuron, int[] streamNeurons) {
    /** Checks that the sizes are positive and the per-stream arrays have one entry per stream. */
    public LiveTopology {
        if (numStreams < 1 || numChannels < 1 || numNeurons < 1 || numOutput < 1 || !(dtMs > 0)
            || streamFirstNeuron.length != numStreams || streamNeurons.length != numStreams) {
            throw new IllegalArgumentException("live view: inconsistent topology (" + numStreams + " streams, "
                + numChannels + " channels, " + numNeurons + " neurons, " + numOutput + " outputs, dt " + dtMs + " ms)");
        }
    }

    /**
     * Neurons listening to streams in blocks of equal size, as {@code elmkit run} places them
     * ({@code ids[s]} are the neurons of stream s, consecutive).
     */
    public static LiveTopology ofStreams(String title, int[][] ids, int numChannels, int numOutput, double dtMs,
                                         boolean realtime) {
        int streams = ids.length;
        int[] first = new int[streams];
        int[] count = new int[streams];
        int neurons = 0;
        for (int s = 0; s < streams; s++) {
            first[s] = ids[s][0];
            count[s] = ids[s].length;
            neurons = Math.max(neurons, ids[s][ids[s].length - 1] + 1);
        }
        return new LiveTopology(title, streams, numChannels, neurons, numOutput, dtMs, realtime, first, count);
    }

    /** The stream neuron {@code id} listens to, or -1. */
    int streamOf(int id) {
        for (int s = 0; s < numStreams; s++) {
            if (id >= streamFirstNeuron[s] && id < streamFirstNeuron[s] + streamNeurons[s]) {
                return s;
            }
        }
        return -1;
    }
}
