package io.elmkit.l5pc.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.l5pc.neuronio.NeuronioFile;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import io.elmkit.sim.train.SpikeSequences;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sparse training windows hold exactly the spikes and targets of the dense windows the reference would build. */
class TrainingWindowsTest {

    @Test
    void sparseWindowsEqualDenseWindows() throws Exception {
        Path file = ReferenceData.require("neuron/l5pc_seed102.p");
        List<NeuronioSimulation> sims = NeuronioFile.readAll(file);
        TrainingWindows windows = new TrainingWindows(sims, 500);
        int batch = 4;
        int channels = windows.channels();
        float[] x = new float[batch * 500 * channels];
        float[] spikeDense = new float[batch * 500];
        float[] somaDense = new float[batch * 500];
        SplittableRandom a = new SplittableRandom(42);
        for (int b = 0; b < batch; b++) {
            windows.draw(a, b, x, spikeDense, somaDense);
        }
        float[] spikeSparse = new float[batch * 500];
        float[] somaSparse = new float[batch * 500];
        SpikeSequences sparse = windows.drawSparse(new SplittableRandom(42), batch, spikeSparse, somaSparse);
        SpikeSequences fromDense = SpikeSequences.fromDense(x, 0, batch, 500, channels);
        assertArrayEquals(spikeDense, spikeSparse);
        assertArrayEquals(somaDense, somaSparse);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t <= 500; t++) {
                assertEquals(fromDense.start(b, t), sparse.start(b, t), "sequence " + b + " step " + t);
            }
        }
        for (int i = 0; i < sparse.start(batch - 1, 500); i++) {
            assertEquals(fromDense.channel(i), sparse.channel(i), "event " + i);
            assertEquals(fromDense.value(i), sparse.value(i), "event " + i);
        }
    }
}
