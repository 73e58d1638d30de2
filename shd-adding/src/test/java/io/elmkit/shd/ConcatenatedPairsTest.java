package io.elmkit.shd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.io.shd.ShdSamples;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pairs as 2 s SHD samples: binned with max_time 2.0 they give the generator's events. */
class ConcatenatedPairsTest {

    @Test
    void firstDigitIsCutAtOneSecondAndSecondIsShiftedByOne() {
        InMemorySamples source = new InMemorySamples("hand", 700)
            .add(12, new float[] {0.25f, 0.999f, 1.0f, 1.2f}, new int[] {1, 2, 3, 4})
            .add(9, new float[] {0.0f, 0.5f, 1.25f}, new int[] {5, 6, 7});
        ConcatenatedPairs pairs = new ConcatenatedPairs(source, new int[] {0}, new int[] {1});
        assertArrayEquals(new float[] {0.25f, 0.999f, 1.0f, 1.5f, 2.25f}, pairs.timesSeconds(0));
        assertArrayEquals(new int[] {1, 2, 5, 6, 7}, pairs.units(0));
        assertEquals(11, pairs.label(0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 2, 1})
    void binningAtTwoSecondsReproducesThePairEventsOnTheSharedFile(double binMs) throws IOException {
        ShdSamples shd = JhdfShdSamples.read(ReferenceData.testData("shd/shd_train.h5"));
        ShdAddingConfig config = new ShdAddingConfig(1, 8, 64, binMs, Compat.REFERENCE);
        ConcatenatedPairs pairs = ConcatenatedPairs.of(shd, config);
        BinnedSamples asTwoSeconds = new BinnedSamples(pairs, ReferenceBinning.of(binMs, 2.0));
        ShdAddingGenerator generator = ShdAddingGenerator.create(shd, config);
        assertEquals(2 * generator.samples().binning().numBins(), asTwoSeconds.binning().numBins());
        ShdAddingBatch batch = generator.newBatch();
        while (generator.next(batch)) {
            for (int i = 0; i < batch.size(); i++) {
                int p = (int) batch.firstPair() + i;
                assertEquals(batch.firstSample(i), pairs.firstSample(p));
                assertEquals(batch.label(i), pairs.label(p));
                int[] keys = asTwoSeconds.keys(p);
                int from = batch.firstEventOf(i);
                int to = batch.firstEventOf(i + 1);
                int k = 0;
                for (int e = from; e < to; e++) {
                    int key = batch.eventStep(e) << asTwoSeconds.channelBits() | batch.eventChannel(e);
                    for (int c = 0; c < batch.eventCount(e); c++, k++) {
                        assertEquals(key, keys[k], "pair " + p + " event " + (e - from));
                    }
                }
                assertEquals(keys.length, k, "pair " + p + " spikes");
            }
        }
    }
}
