package io.elmkit.l5pc.neuronio;

/**
 * One simulation of a NeuronIO file: input spike times per segment (ms, integers as in the
 * published files), output spike times (ms) and the soma voltage at 1 ms resolution (mV).
 */
public final class NeuronioSimulation {
    private final String source;
    private final int index;
    private final int[][] excitatorySpikesMs;
    private final int[][] inhibitorySpikesMs;
    private final float[] outputSpikesMs;
    private final float[] somaVoltageMv;

    NeuronioSimulation(String source, int index, int[][] excitatorySpikesMs, int[][] inhibitorySpikesMs,
                       float[] outputSpikesMs, float[] somaVoltageMv) {
        this.source = source;
        this.index = index;
        this.excitatorySpikesMs = excitatorySpikesMs;
        this.inhibitorySpikesMs = inhibitorySpikesMs;
        this.outputSpikesMs = outputSpikesMs;
        this.somaVoltageMv = somaVoltageMv;
    }

    /** The file it was read from, for messages. */
    public String source() {
        return source;
    }

    /** Where it came from, for messages: {@code file simulation i}. */
    public String describe() {
        return source + " simulation " + index;
    }

    /** Position in the file (0-based). */
    public int index() {
        return index;
    }

    /** Segments of the cell (excitatory and inhibitory inputs each). */
    public int numSegments() {
        return excitatorySpikesMs.length;
    }

    /** Spike times (ms) of the excitatory input to each segment. Shared arrays: do not modify. */
    public int[][] excitatorySpikesMs() {
        return excitatorySpikesMs;
    }

    /** Spike times (ms) of the inhibitory input to each segment. Shared arrays: do not modify. */
    public int[][] inhibitorySpikesMs() {
        return inhibitorySpikesMs;
    }

    /** Output (somatic) spike times in ms, float16 values widened. */
    public float[] outputSpikesMs() {
        return outputSpikesMs;
    }

    /** Soma voltage, one value per ms, in mV (float16 values widened). */
    public float[] somaVoltageMv() {
        return somaVoltageMv;
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
