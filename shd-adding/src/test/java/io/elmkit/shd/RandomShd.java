package io.elmkit.shd;

import io.elmkit.io.nd.Half;
import java.util.SplittableRandom;

/** Random SHD-like samples for property tests: float16 times (some on bin edges, some past 1 s), duplicates. */
final class RandomShd {
    private RandomShd() {
    }

    static InMemorySamples create(long seed, int numSamples, int maxSpikes, int numChannels) {
        SplittableRandom random = new SplittableRandom(seed);
        InMemorySamples samples = new InMemorySamples("random-shd(seed " + seed + ")", numChannels);
        for (int s = 0; s < numSamples; s++) {
            int n = s % 17 == 5 ? 0 : random.nextInt(maxSpikes + 1); // some empty samples
            float[] times = new float[n];
            int[] units = new int[n];
            for (int i = 0; i < n; i++) {
                double t;
                switch (random.nextInt(6)) {
                    case 0: t = random.nextInt(0, 130) * 0.01; break;      // on (or near) 10 ms edges, some past 1 s
                    case 1: t = 1.0 + random.nextDouble() * 0.3; break;     // after the cutoff
                    default: t = random.nextDouble();
                }
                times[i] = Half.toFloat(Half.fromFloat((float) t));
                units[i] = i > 0 && random.nextInt(5) == 0 ? units[i - 1] : random.nextInt(numChannels); // duplicates
                if (i > 0 && random.nextInt(5) == 0) {
                    times[i] = times[i - 1];
                }
            }
            samples.add(random.nextInt(20), times, units);
        }
        return samples;
    }
}
