package io.elmkit.l5pc.neuronio;

/**
 * One simulation of a NeuronIO file: input spike times per segment (ms, integers as in the
 * published files), output spike times (ms) and the soma voltage at 1 ms resolution (mV). The arrays
 * are shared, not copied: do not modify them.
 *
 * @param source the file it was read from, for messages
 * @param index position in the file (0-based)
 * @param excitatorySpikesMs spike times (ms) of the excitatory input to each segment
 * @param inhibitorySpikesMs spike times (ms) of the inhibitory input to each segment
 * @param outputSpikesMs output (somatic) spike times in ms, float16 values widened
 * @param somaVoltageMv soma voltage, one value per ms, in mV (float16 values widened)
 */
public record NeuronioSimulation(String source, int index, int[][] excitatorySpikesMs, int[][] inhibitorySpikesMs,
                                 float[] outputSpikesMs, float[] somaVoltageMv) {
    /** Where it came from, for messages: {@code file simulation i}. */
    public String describe() {
        return source + " simulation " + index;
    }

    /** Segments of the cell (excitatory and inhibitory inputs each). */
    public int numSegments() {
        return excitatorySpikesMs.length;
    }

    /** Duration in ms (length of the low-resolution soma trace). */
    public int durationMs() {
        return somaVoltageMv.length;
    }

    /** Total number of input spikes, excitatory and inhibitory. */
    public long inputSpikeCount() {
        long n = 0;
        for (int[] s : excitatorySpikesMs) {
            n += s.length;
        }
        for (int[] s : inhibitorySpikesMs) {
            n += s.length;
        }
        return n;
    }
}
