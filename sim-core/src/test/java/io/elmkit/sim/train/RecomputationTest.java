package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.junit.jupiter.api.Test;

/** Keeping every sequence's states or recomputing them one at a time gives the same gradients, bit for bit. */
class RecomputationTest {

    @Test
    void recomputingForwardsGivesIdenticalGradients() {
        ElmModel model = ElmModel.initialise(ElmConfig.builder(40, 3).numMemory(7).numBranch(8).numSynapsePerBranch(5)
            .build(), 4);
        int batch = 4;
        int steps = 60;
        float[] x = PoissonRaster.dense(2, batch, steps, 40, 4.0, 1.0);
        long[] labels = {0, 2, 1, 2};
        BatchGradients.LossFunction ce = (y, gy) -> Loss.crossEntropyLast(y, batch, steps, 3, labels, gy);
        BatchGradients.Result kept = BatchGradients.compute(model, x, batch, steps, ce, Long.MAX_VALUE);
        BatchGradients.Result recomputed = BatchGradients.compute(model, x, batch, steps, ce, 0);
        assertEquals(kept.loss, recomputed.loss);
        assertArrayEquals(kept.output, recomputed.output);
        var a = kept.gradients.toNamedArrays(model);
        var b = recomputed.gradients.toNamedArrays(model);
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertEquals(a.get(key), b.get(key), key);
        }
        assertTrue(Bptt.stateBytes(ElmModel.initialise(ElmConfig.builder(700, 19).numMemory(100).build(), 1), 2000)
            < 20L << 20, "a 2000-step SHD-Adding sequence of the d_m 100 ELM keeps under 20 MB");
    }

    @Test
    void sparseAndDenseInputTrainIdentically() throws Exception {
        ElmModel model = ElmModel.initialise(ElmConfig.builder(40, 2).numMemory(5).numBranch(8).numSynapsePerBranch(5)
            .build(), 9);
        int batch = 4;
        int steps = 30;
        float[] x = PoissonRaster.dense(3, batch, steps, 40, 5.0, 1.0);
        float[] target = new float[batch * steps * 2];
        for (int i = 0; i < target.length; i++) {
            target[i] = (i % 7) * 0.1f;
        }
        Trainer.PartLoss mse = (y, first, count, gy) -> Loss.mse(y,
            java.util.Arrays.copyOfRange(target, first * steps * 2, (first + count) * steps * 2), gy);
        try (Trainer dense = new Trainer(new Optimizer(model, Optimizer.Kind.ADAM, 1e-2, 10), 2);
             Trainer sparse = new Trainer(new Optimizer(model, Optimizer.Kind.ADAM, 1e-2, 10), 2)) {
            SpikeSequences seqs = SpikeSequences.fromDense(x, 0, batch, steps, 40);
            for (int i = 0; i < 3; i++) {
                assertEquals(dense.step(x, batch, steps, mse), sparse.step(seqs, mse));
            }
            var a = dense.model().toStateDict();
            var b = sparse.model().toStateDict();
            for (String key : a.keySet()) {
                assertEquals(a.get(key), b.get(key), key);
            }
        }
    }
}
