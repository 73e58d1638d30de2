package io.elmkit.flink;

/**
 * How many keys' steppers a population task keeps live ({@code elmkit flink --max-live-neurons}).
 * Measured on JDK 17 (EventStepper, heap after GC): 7-10 KB per stepper plus 24-32 bytes per neuron and
 * state value (num_memory_10, 30 values: 97 KB for 100 neurons, 10 KB for one; synthetic-plain, 24
 * values: 73 KB for 100): {@link #bytesPerKey} rounds that up.
 */
final class LiveSteppers {
    /** The heap share all population tasks of a JVM keep live by default. */
    static final int HEAP_SHARE_DIVISOR = 4;

    private LiveSteppers() {
    }

    /**
     * Keys live at most: {@code maxLiveNeurons / neurons} (at least one key); for 0, a quarter of this
     * JVM's maximum heap shared by the job's {@code parallelTasks} population tasks (a MiniCluster runs them
     * all in one JVM; on a cluster the share is smaller than it could be, never larger).
     */
    static long keys(long maxLiveNeurons, int neurons, int stateLength, int parallelTasks) {
        if (maxLiveNeurons > 0) {
            return Math.max(1, maxLiveNeurons / neurons);
        }
        long share = Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR / Math.max(1, parallelTasks);
        return Math.max(1, share / bytesPerKey(neurons, stateLength));
    }

    /** The heap one live key takes, rounded up: 12 KiB per stepper, 32 bytes per neuron and state value. */
    static long bytesPerKey(int neurons, int stateLength) {
        return 12L * 1024 + 32L * neurons * stateLength;
    }
}
