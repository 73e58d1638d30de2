package io.elmkit.l5pc.neuronio;

/**
 * How a NeuronIO simulation becomes model input and targets (docs/tasks.md, NeuronIO): channels 0..S-1 are
 * the excitatory inputs of segments 0..S-1 (value +1), channels S..2S-1 the inhibitory ones (-1);
 * step = spike time in ms. Output spike at time t falls in bin int(t - 0.5).
 */
public final class NeuronioEncoding {
    /** Soma voltage is clipped at this value (mV) before use as a target. */
    public static final float SOMA_CLIP_MV = -55f;
    /** Offset added to the clipped soma voltage (mV). */
    public static final float SOMA_OFFSET_MV = 67.7f;

    private NeuronioEncoding() {
    }

    /**
     * Writes the input of steps [start, start + length) of a simulation into {@code x} (length rows
     * of 2S channels, from {@code offset}), zero where the window runs past the simulation.
     */
    public static void input(NeuronioSimulation sim, int start, int length, float[] x, int offset) {
        int segments = sim.numSegments();
        int channels = 2 * segments;
        java.util.Arrays.fill(x, offset, offset + length * channels, 0f);
        for (int s = 0; s < segments; s++) {
            for (int t : sim.excitatorySpikesMs()[s]) {
                if (t >= start && t < start + length) {
                    x[offset + (t - start) * channels + s] = 1f;
                }
            }
            for (int t : sim.inhibitorySpikesMs()[s]) {
                if (t >= start && t < start + length) {
                    x[offset + (t - start) * channels + segments + s] = -1f;
                }
            }
        }
    }

    /** Output spikes as a 0/1 raster over the simulation's duration: bin int(t - 0.5). */
    public static boolean[] spikeRaster(NeuronioSimulation sim) {
        boolean[] spikes = new boolean[sim.durationMs()];
        for (float t : sim.outputSpikesMs()) {
            int bin = (int) (t - 0.5f);
            if (bin >= 0 && bin < spikes.length) {
                spikes[bin] = true;
            }
        }
        return spikes;
    }

    /** Evaluation target soma: clip(v, max -55) + 67.7 (mV, not scaled). */
    public static double evalSoma(float v) {
        return Math.min(v, SOMA_CLIP_MV) + SOMA_OFFSET_MV;
    }
}
