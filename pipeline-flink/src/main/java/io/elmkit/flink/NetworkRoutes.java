package io.elmkit.flink;

import io.elmkit.sim.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The connections of a {@link Network} as one key (stream) of the job sees them: where its spikes go
 * ({@link #targets}: the other streams it connects to), and what comes in ({@link Incoming}: per
 * source stream, per source neuron, the rows that reach this stream, in file order). Built on the
 * task from the network, once per key it serves.
 */
final class NetworkRoutes {
    /** The connections reaching one stream, by source stream in increasing order (the stream itself included). */
    static final class Incoming {
        /** Source streams, increasing. */
        final int[] sources;
        /** Shortest and longest delay from each source. */
        final int[] minDelay;
        final int[] maxDelay;
        /** rows[i][k]: the network rows from neuron k of sources[i] to this stream, in file order. */
        final int[][][] rows;
        /** Longest delay of any incoming row (0: none). */
        final int longestDelay;

        Incoming(int[] sources, int[] minDelay, int[] maxDelay, int[][][] rows) {
            this.sources = sources;
            this.minDelay = minDelay;
            this.maxDelay = maxDelay;
            this.rows = rows;
            int longest = 0;
            for (int d : maxDelay) {
                longest = Math.max(longest, d);
            }
            this.longestDelay = longest;
        }

        /** The index of {@code source} in {@link #sources}, or -1. */
        int indexOf(int source) {
            int at = java.util.Arrays.binarySearch(sources, source);
            return at >= 0 ? at : -1;
        }
    }

    private NetworkRoutes() {
    }

    /** The other streams that {@code stream}'s neurons connect to, increasing. */
    static int[] targets(Network network, int stream) {
        return network == null ? new int[0] : java.util.stream.IntStream.range(0, network.size())
            .filter(r -> network.fromStream()[r] == stream && network.toStream()[r] != stream)
            .map(r -> network.toStream()[r]).distinct().sorted().toArray();
    }

    /** What reaches {@code stream} of a network with {@code neurons} neurons per stream. */
    static Incoming incoming(Network network, int stream, int neurons) {
        TreeMap<Integer, List<List<Integer>>> bySource = new TreeMap<>();
        TreeMap<Integer, int[]> delays = new TreeMap<>();
        for (int r = 0; network != null && r < network.size(); r++) {
            if (network.toStream()[r] != stream) {
                continue;
            }
            List<List<Integer>> perNeuron = bySource.computeIfAbsent(network.fromStream()[r], s -> {
                List<List<Integer>> l = new ArrayList<>();
                for (int k = 0; k < neurons; k++) {
                    l.add(new ArrayList<>());
                }
                return l;
            });
            perNeuron.get(network.fromNeuron()[r]).add(r);
            int[] d = delays.computeIfAbsent(network.fromStream()[r], s -> new int[] {Integer.MAX_VALUE, 0});
            d[0] = Math.min(d[0], network.delaySteps()[r]);
            d[1] = Math.max(d[1], network.delaySteps()[r]);
        }
        int n = bySource.size();
        int[] sources = new int[n];
        int[] minDelay = new int[n];
        int[] maxDelay = new int[n];
        int[][][] rows = new int[n][][];
        int i = 0;
        for (var e : bySource.entrySet()) {
            sources[i] = e.getKey();
            minDelay[i] = delays.get(e.getKey())[0];
            maxDelay[i] = delays.get(e.getKey())[1];
            rows[i] = new int[neurons][];
            for (int k = 0; k < neurons; k++) {
                rows[i][k] = e.getValue().get(k).stream().mapToInt(Integer::intValue).toArray();
            }
            i++;
        }
        return new Incoming(sources, minDelay, maxDelay, rows);
    }
}
