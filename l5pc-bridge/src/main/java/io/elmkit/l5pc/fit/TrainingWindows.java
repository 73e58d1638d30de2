package io.elmkit.l5pc.fit;

import io.elmkit.l5pc.neuronio.NeuronioEncoding;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training windows of NeuronIO simulations as the reference draws them (docs/tasks.md, NeuronIO): a random
 * simulation, a window of {@code window} steps starting uniformly in [500, L - 500) (= [500, 5500)
 * for 6 s simulations); input +1/-1 per excitatory/inhibitory spike, spike target at bin
 * int(t - 0.5), soma target (clip(v, -55) + 67.7) * 0.1.
 */
final class TrainingWindows {
    static final int FIRST_START_MS = 500;

    private final List<NeuronioSimulation> sims;
    // Per simulation, its input as compressed rows by ms: channels of step t are
    // inputChannel[s][inputStart[s][t] .. inputStart[s][t + 1]), sorted (as a dense row would scan them).
    private final int[][] inputStart;
    private final int[][] inputChannel;
    private final boolean[][] spikes;
    private final float[][] soma;
    private final int window;
    private final int channels;

    TrainingWindows(List<NeuronioSimulation> sims, int window) {
        this.sims = sims;
        this.window = window;
        this.channels = 2 * sims.get(0).numSegments();
        this.spikes = new boolean[sims.size()][];
        this.inputStart = new int[sims.size()][];
        this.inputChannel = new int[sims.size()][];
        this.soma = new float[sims.size()][];
        for (int i = 0; i < sims.size(); i++) {
            NeuronioSimulation sim = sims.get(i);
            if (2 * sim.numSegments() != channels) {
                // Files of different cells cannot share one input layout.
                throw new IllegalArgumentException(sim.describe() + ": " + sim.numSegments() + " segments, but "
                    + sims.get(0).describe() + " has " + channels / 2 + " (all training files need the same cell)");
            }
            if (sim.durationMs() < FIRST_START_MS + window + 1) {
                throw new IllegalArgumentException("simulation " + sim.index() + " lasts " + sim.durationMs()
                    + " ms; training windows of " + window + " ms from " + FIRST_START_MS + " ms need at least "
                    + (FIRST_START_MS + window + 1));
            }
            spikes[i] = NeuronioEncoding.spikeRaster(sim);
            indexInput(i, sim);
            float[] mv = sim.somaVoltageMv();
            soma[i] = new float[mv.length];
            for (int t = 0; t < mv.length; t++) {
                soma[i][t] = (Math.min(mv[t], NeuronioEncoding.SOMA_CLIP_MV) + NeuronioEncoding.SOMA_OFFSET_MV) * 0.1f;
            }
        }
    }

    private void indexInput(int i, NeuronioSimulation sim) {
        int segments = sim.numSegments();
        int length = sim.durationMs();
        long[] keys = new long[(int) sim.inputSpikeCount()];
        int n = 0;
        for (int seg = 0; seg < segments; seg++) {
            for (int t : sim.excitatorySpikesMs()[seg]) {
                if (t >= 0 && t < length) {
                    keys[n++] = (long) t * channels + seg;
                }
            }
            for (int t : sim.inhibitorySpikesMs()[seg]) {
                if (t >= 0 && t < length) {
                    keys[n++] = (long) t * channels + segments + seg;
                }
            }
        }
        java.util.Arrays.sort(keys, 0, n);
        int[] start = new int[length + 1];
        int[] channel = new int[n];
        int kept = 0;
        for (int k = 0; k < n; k++) {
            // Two spikes of one synapse in the same ms are one +1 (-1) in the dense raster too.
            if (k > 0 && keys[k] == keys[k - 1]) {
                continue;
            }
            start[(int) (keys[k] / channels) + 1]++;
            channel[kept++] = (int) (keys[k] % channels);
        }
        for (int t = 0; t < length; t++) {
            start[t + 1] += start[t];
        }
        inputStart[i] = start;
        inputChannel[i] = java.util.Arrays.copyOf(channel, kept);
    }

    /**
     * A batch of windows as sparse input: for each sample b, a simulation and start drawn as in
     * {@link #draw}, targets into {@code spikeTarget}/{@code somaTarget}.
     */
    io.elmkit.sim.train.SpikeSequences drawSparse(SplittableRandom rng, int batch, float[] spikeTarget,
                                                  float[] somaTarget) {
        int[] start = new int[batch * window + 1];
        int total = 0;
        int[] sim = new int[batch];
        int[] from = new int[batch];
        for (int b = 0; b < batch; b++) {
            sim[b] = rng.nextInt(sims.size());
            from[b] = windowStart(rng, sims.get(sim[b]));
            total += inputStart[sim[b]][from[b] + window] - inputStart[sim[b]][from[b]];
        }
        int[] channel = new int[total];
        float[] value = new float[total];
        int n = 0;
        int segments = channels / 2;
        for (int b = 0; b < batch; b++) {
            int s = sim[b];
            for (int t = 0; t < window; t++) {
                start[b * window + t] = n;
                for (int e = inputStart[s][from[b] + t], end = inputStart[s][from[b] + t + 1]; e < end; e++) {
                    channel[n] = inputChannel[s][e];
                    value[n] = channel[n] < segments ? 1f : -1f;
                    n++;
                }
                spikeTarget[b * window + t] = spikes[s][from[b] + t] ? 1f : 0f;
                somaTarget[b * window + t] = soma[s][from[b] + t];
            }
        }
        start[batch * window] = n;
        return new io.elmkit.sim.train.SpikeSequences(batch, window, channels, start, channel, value);
    }

    private int windowStart(SplittableRandom rng, NeuronioSimulation sim) {
        int last = sim.durationMs() - FIRST_START_MS; // exclusive: 5500 for 6000 ms
        return FIRST_START_MS + rng.nextInt(Math.max(1, Math.min(last, sim.durationMs() - window) - FIRST_START_MS));
    }

    int channels() {
        return channels;
    }

    int window() {
        return window;
    }

    /** Fills sample {@code b} of a batch: input rows (window, channels) and the two targets (window). */
    void draw(SplittableRandom rng, int b, float[] x, float[] spikeTarget, float[] somaTarget) {
        int s = rng.nextInt(sims.size());
        NeuronioSimulation sim = sims.get(s);
        int start = windowStart(rng, sim);
        NeuronioEncoding.input(sim, start, window, x, b * window * channels);
        for (int t = 0; t < window; t++) {
            spikeTarget[b * window + t] = spikes[s][start + t] ? 1f : 0f;
            somaTarget[b * window + t] = soma[s][start + t];
        }
    }
}
