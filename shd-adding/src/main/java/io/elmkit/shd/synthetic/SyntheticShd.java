package io.elmkit.shd.synthetic;

import io.elmkit.io.nd.Half;
import io.elmkit.io.nd.Indices;
import io.elmkit.io.shd.ArrayShdSamples;
import io.elmkit.sim.synthetic.Gaussian;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A synthetic spoken-digits dataset in the SHD layout, made from nothing but a seed: 700 channels
 * (cochlear bands), 20 classes (digits 0-9 "English", 10-19 "German"), samples under one second,
 * times stored as float16 seconds like the real files. Each class is a few formant-like sweeps
 * (a band of channels firing densely along a line in (time, channel)); each speaker stretches time
 * and shifts channels; every sample adds jitter and background spikes. Digit d in either language
 * shares its first sweep, so "value mod 10" is a learnable feature, as SHD-Adding needs.
 * Deterministic for a seed, the same samples on every JDK (Gaussians from {@link Gaussian}); nothing is downloaded.
 */
public final class SyntheticShd extends ArrayShdSamples {
    public static final int CHANNELS = 700;
    public static final int CLASSES = 20;
    public static final int SPEAKERS = 10;
    private static final int SWEEPS = 3;

    private final int[] speakers;

    private SyntheticShd(String name, int[] labels, int[] speakers, float[][] times, int[][] units) {
        super(name, CHANNELS, labels, times, units);
        this.speakers = speakers;
    }

    /**
     * {@code samples} samples drawn with {@code seed}; the class patterns depend only on
     * {@code patternSeed}, so a train and a test set share classes but not samples.
     */
    public static SyntheticShd generate(String name, int samples, long patternSeed, long seed, double spikesPerSweepMs) {
        double[][][] sweeps = classPatterns(patternSeed);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] labels = new int[samples];
        int[] speakers = new int[samples];
        float[][] times = new float[samples][];
        int[][] units = new int[samples][];
        for (int i = 0; i < samples; i++) {
            int label = rng.nextInt(CLASSES);
            int speaker = rng.nextInt(SPEAKERS);
            labels[i] = label;
            speakers[i] = speaker;
            double stretch = 0.85 + 0.03 * speaker + 0.05 * rng.nextDouble();
            int shift = (speaker - SPEAKERS / 2) * 3 + rng.nextInt(-4, 5);
            double[] t = new double[4096];
            int[] u = new int[4096];
            int n = 0;
            for (double[] sweep : sweeps[label]) {
                // sweep = {onset s, duration s, start channel, end channel, band width}
                double onset = sweep[0] * stretch;
                double duration = sweep[1] * stretch;
                int spikes = (int) Math.round(duration * 1000 * spikesPerSweepMs * (0.8 + 0.4 * rng.nextDouble()));
                for (int k = 0; k < spikes; k++) {
                    double f = rng.nextDouble();
                    double center = sweep[2] + f * (sweep[3] - sweep[2]) + shift;
                    int channel = (int) Math.round(center + Gaussian.draw(rng) * sweep[4]);
                    if (channel < 0 || channel >= CHANNELS) {
                        continue;
                    }
                    if (n == t.length) {
                        t = Arrays.copyOf(t, n * 2);
                        u = Arrays.copyOf(u, n * 2);
                    }
                    t[n] = onset + f * duration + Gaussian.draw(rng) * 0.002;
                    u[n] = channel;
                    n++;
                }
            }
            int background = (int) (0.9 * 1000 * 0.3); // 0.3 spikes per ms anywhere
            for (int k = 0; k < background; k++) {
                if (n == t.length) {
                    t = Arrays.copyOf(t, n * 2);
                    u = Arrays.copyOf(u, n * 2);
                }
                t[n] = rng.nextDouble() * 0.9;
                u[n] = rng.nextInt(CHANNELS);
                n++;
            }
            // Sort by time as SHD files are, and store float16 seconds in [0, 0.95].
            double[] tt = t;
            int[] order = Indices.stableOrder(n, (a, b) -> Double.compare(tt[a], tt[b]));
            times[i] = new float[n];
            units[i] = new int[n];
            for (int k = 0; k < n; k++) {
                double s = Math.min(0.95, Math.max(0.0, t[order[k]]));
                times[i][k] = Half.toFloat(Half.fromFloat((float) s));
                units[i][k] = u[order[k]];
            }
        }
        return new SyntheticShd(name, labels, speakers, times, units);
    }

    /** Per class, three sweeps; the first depends on the digit's value only (shared by both languages). */
    private static double[][][] classPatterns(long patternSeed) {
        double[][][] patterns = new double[CLASSES][SWEEPS][];
        SplittableRandom valueRng = new SplittableRandom(patternSeed);
        double[][] first = new double[10][];
        for (int d = 0; d < 10; d++) {
            // Distinct bands per value: digit d's first sweep lives around channel 35 + 63 d.
            double start = 35 + 63 * d + valueRng.nextInt(-10, 11);
            first[d] = new double[] {0.05 + 0.05 * valueRng.nextDouble(), 0.3 + 0.1 * valueRng.nextDouble(), start,
                start + valueRng.nextInt(-30, 31), 6};
        }
        SplittableRandom rng = new SplittableRandom(patternSeed * 31 + 7);
        for (int c = 0; c < CLASSES; c++) {
            patterns[c][0] = first[c % 10];
            for (int k = 1; k < SWEEPS; k++) {
                double onset = 0.1 + 0.4 * rng.nextDouble();
                double start = rng.nextInt(40, CHANNELS - 40);
                patterns[c][k] = new double[] {onset, 0.15 + 0.2 * rng.nextDouble(), start,
                    Math.max(20, Math.min(CHANNELS - 20, start + rng.nextInt(-150, 151))), 10};
            }
        }
        return patterns;
    }

    /** The speaker of sample {@code index} (0 .. SPEAKERS - 1). */
    public int speaker(int index) {
        return speakers[index];
    }
}
