package io.elmkit.shd;

import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdInputException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.shd.ShdSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Properties of generated pairs against a direct, naive binning of the source samples. */
class ShdAddingPropertiesTest {

    /** Naive reference: digitize by scanning all edges, dense counts of one digit (T x C). */
    private static int[] denseDigit(ShdSamples source, int sample, double[] edges, int numChannels) {
        int numBins = edges.length - 1;
        int[] dense = new int[numBins * numChannels];
        float[] times = source.timesSeconds(sample);
        int[] units = source.units(sample);
        for (int s = 0; s < times.length; s++) {
            int atOrBelow = 0;
            for (double edge : edges) {
                if (edge <= times[s]) {
                    atOrBelow++;
                }
            }
            int bin = atOrBelow - 1;
            if (bin < numBins) {
                dense[bin * numChannels + units[s]]++;
            }
        }
        return dense;
    }

    @ParameterizedTest
    @CsvSource({"REFERENCE, 10, 5", "REFERENCE, 2, 3", "NATIVE, 10, 4", "NATIVE, 3, 7", "NATIVE, 1, 2"})
    void labelsStepsAndCountsMatchADirectBinning(Compat compat, double binMs, int batchSize) {
        int channels = 40;
        InMemorySamples source = RandomShd.create(11, 60, 300, channels);
        ShdAddingConfig config = new ShdAddingConfig(3, batchSize, 6L * batchSize, binMs, compat);
        ShdAddingGenerator generator = ShdAddingGenerator.create(source, config);
        ReferenceBinning binning = generator.samples().binning();
        double[] edges = binning.edgesSeconds();
        int numBins = binning.numBins();
        ShdAddingBatch batch = generator.newBatch();
        long pairs = 0;
        while (generator.next(batch)) {
            float[] dense = new float[batch.size() * batch.numSteps() * channels];
            batch.fillDense(dense);
            int previousKey = -1;
            for (int e = 0; e < batch.numEvents(); e++) {
                assertTrue(batch.eventStep(e) >= 0 && batch.eventStep(e) < 2 * numBins, "step range");
                assertTrue(batch.eventChannel(e) >= 0 && batch.eventChannel(e) < channels, "channel range");
                assertTrue(batch.eventCount(e) >= 1, "counts are positive");
                int key = (batch.eventPair(e) * 2 * numBins + batch.eventStep(e)) * channels + batch.eventChannel(e);
                assertTrue(key > previousKey, "events sorted by pair, step, channel, no duplicates");
                previousKey = key;
            }
            for (int i = 0; i < batch.size(); i++) {
                int a = batch.firstSample(i);
                int b = batch.secondSample(i);
                assertTrue(a >= 0 && a < source.size() && b >= 0 && b < source.size(), "sample range");
                assertEquals(source.label(a) % 10 + source.label(b) % 10, batch.label(i));
                assertTrue(batch.label(i) >= 0 && batch.label(i) <= 18, "19 classes");
                int[] firstDense = denseDigit(source, a, edges, channels);
                int[] secondDense = denseDigit(source, b, edges, channels);
                int perPair = 2 * numBins * channels;
                for (int k = 0; k < numBins * channels; k++) {
                    assertEquals(firstDense[k], dense[i * perPair + k], 0f, "first digit count at " + k);
                    assertEquals(secondDense[k], dense[i * perPair + numBins * channels + k], 0f, "second digit count at " + k);
                }
            }
            pairs += batch.size();
        }
        assertEquals(config.numPairs(), pairs);
    }

    @Test
    void nativePairsDoNotDependOnBatchSizeAndAllowAnyCount() {
        InMemorySamples source = RandomShd.create(5, 50, 20, 16);
        int[][] small = pairs(source, new ShdAddingConfig(9, 3, 20, 10, Compat.NATIVE));
        int[][] large = pairs(source, new ShdAddingConfig(9, 8, 20, 10, Compat.NATIVE));
        assertArrayEquals(small[0], large[0]);
        assertArrayEquals(small[1], large[1]);
        int[][] otherSeed = pairs(source, new ShdAddingConfig(10, 8, 20, 10, Compat.NATIVE));
        assertTrue(!java.util.Arrays.equals(small[0], otherSeed[0]), "the seed matters");
        // Reference mode: pairs depend on the batch size (2B draws per batch) and come in whole batches.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ShdAddingConfig(0, 8, 20, 10, Compat.REFERENCE));
        assertTrue(e.getMessage().contains("multiple of the batch size 8") && e.getMessage().contains("20"), e.getMessage());
    }

    private static int[][] pairs(ShdSamples source, ShdAddingConfig config) {
        ShdAddingGenerator generator = ShdAddingGenerator.create(source, config);
        ShdAddingBatch batch = generator.newBatch();
        int n = (int) config.numPairs();
        int[][] out = new int[2][n];
        while (generator.next(batch)) {
            for (int i = 0; i < batch.size(); i++) {
                out[0][(int) batch.firstPair() + i] = batch.firstSample(i);
                out[1][(int) batch.firstPair() + i] = batch.secondSample(i);
            }
        }
        return out;
    }

    @Test
    void emptySamplesGiveSilentDigitsAndStillCountInTheLabel() {
        InMemorySamples source = new InMemorySamples("two-samples", 700)
            .add(13, new float[0], new int[0])
            .add(7, new float[] {0.5f, 1.5f}, new int[] {3, 4});
        ShdAddingGenerator generator = ShdAddingGenerator.create(source, new ShdAddingConfig(0, 4, 40, 10, Compat.REFERENCE));
        ShdAddingBatch batch = generator.newBatch();
        int seenEmptyFirst = 0;
        while (generator.next(batch)) {
            for (int i = 0; i < batch.size(); i++) {
                int expectedEvents = (batch.firstSample(i) == 1 ? 1 : 0) + (batch.secondSample(i) == 1 ? 1 : 0);
                assertEquals(expectedEvents, batch.firstEventOf(i + 1) - batch.firstEventOf(i), "events of pair " + i);
                assertEquals(source.label(batch.firstSample(i)) % 10 + source.label(batch.secondSample(i)) % 10, batch.label(i));
                seenEmptyFirst += batch.firstSample(i) == 0 ? 1 : 0;
            }
        }
        assertTrue(seenEmptyFirst > 0);
    }

    @Test
    void badSamplesAreRefusedNamingSourceFieldExpectedAndFound() {
        assertBad(new InMemorySamples("bad-label.h5", 700).add(20, new float[] {0.1f}, new int[] {1}),
            "bad-label.h5: /labels[0]: expected a label in 0..19, found 20");
        assertBad(new InMemorySamples("neg-label.h5", 700).add(-1, new float[] {0.1f}, new int[] {1}),
            "neg-label.h5: /labels[0]: expected a label in 0..19, found -1");
        assertBad(new InMemorySamples("bad-unit.h5", 700).add(1, new float[] {0.1f, 0.2f}, new int[] {1, 700}),
            "bad-unit.h5: /spikes/units[0][1]: expected a channel in 0..699, found 700");
        assertBad(new InMemorySamples("neg-time.h5", 700).add(1, new float[] {-0.5f}, new int[] {1}),
            "neg-time.h5: /spikes/times[0][0]: expected a time >= 0 s, found -0.5");
        assertBad(new InMemorySamples("nan-time.h5", 700).add(1, new float[] {Float.NaN}, new int[] {1}),
            "nan-time.h5: /spikes/times[0][0]: expected a time >= 0 s, found NaN");
        assertBad(new InMemorySamples("ragged.h5", 700).add(1, new float[] {0.1f, 0.2f}, new int[] {1}),
            "ragged.h5: /spikes/units[0]: expected 2 units (one per spike time), found 1 units");
        assertBad(new InMemorySamples("empty.h5", 700), "empty.h5: /labels: expected at least one sample, found 0 samples");
    }

    private static void assertBad(InMemorySamples source, String message) {
        ShdInputException e = assertThrows(ShdInputException.class, () -> {
            ShdAddingGenerator generator = ShdAddingGenerator.create(source, new ShdAddingConfig(0, 1, 1, 10, Compat.REFERENCE));
            generator.next(generator.newBatch());
        });
        assertEquals(message, e.getMessage());
    }
}
