package io.elmkit.l5pc.fit;

import io.elmkit.l5pc.neuronio.NeuronioEncoding;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training windows of NeuronIO simulations as the reference draws them (spec section 3): a random
 * simulation, a window of {@code window} steps starting uniformly in [500, L - 500) (= [500, 5500)
 * for 6 s simulations); input +1/-1 per excitatory/inhibitory spike, spike target at bin
 * int(t - 0.5), soma target (clip(v, -55) + 67.7) * 0.1.
 */
final class TrainingWindows {
    static final int FIRST_START_MS = 500;

    private final List<NeuronioSimulation> sims;
    private final boolean[][] spikes;
    private final float[][] soma;
    private final int window;
    private final int channels;

    TrainingWindows(List<NeuronioSimulation> sims, int window) {
        this.sims = sims;
        this.window = window;
        this.channels = 2 * sims.get(0).numSegments();
        this.spikes = new boolean[sims.size()][];
        this.soma = new float[sims.size()][];
        for (int i = 0; i < sims.size(); i++) {
            NeuronioSimulation sim = sims.get(i);
            if (sim.durationMs() < FIRST_START_MS + window + 1) {
                throw new IllegalArgumentException("simulation " + sim.index() + " lasts " + sim.durationMs()
                    + " ms; training windows of " + window + " ms from " + FIRST_START_MS + " ms need at least "
                    + (FIRST_START_MS + window + 1));
            }
            spikes[i] = NeuronioEncoding.spikeRaster(sim);
            float[] mv = sim.somaVoltageMv();
            soma[i] = new float[mv.length];
            for (int t = 0; t < mv.length; t++) {
                soma[i][t] = (Math.min(mv[t], NeuronioEncoding.SOMA_CLIP_MV) + NeuronioEncoding.SOMA_OFFSET_MV) * 0.1f;
            }
        }
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
        int last = sim.durationMs() - FIRST_START_MS; // exclusive: 5500 for 6000 ms
        int start = FIRST_START_MS + rng.nextInt(Math.max(1, Math.min(last, sim.durationMs() - window) - FIRST_START_MS));
        NeuronioEncoding.input(sim, start, window, x, b * window * channels);
        for (int t = 0; t < window; t++) {
            spikeTarget[b * window + t] = spikes[s][start + t] ? 1f : 0f;
            somaTarget[b * window + t] = soma[s][start + t];
        }
    }
}
