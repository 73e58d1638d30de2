package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training steps give the same losses and parameters, bit for bit, whatever the number of worker
 * threads: the batch's partition into parts and the order of their sum depend on the batch only.
 */
class TrainerThreadsTest {

    @Test
    void lossesAndParametersDoNotDependOnTheThreadCount() throws Exception {
        // Sequences longer than a tile of TimeTiles (128 steps), a batch larger than MAX_PARTS.
        ElmModel model = ElmModel.initialise(ElmConfig.builder(30, 3).numMemory(6).numBranch(10)
            .numSynapsePerBranch(3).build(), 5);
        int batch = 19;
        int steps = 150;
        float[] x = PoissonRaster.dense(7, batch, steps, 30, 6.0, 1.0);
        float[] target = new float[batch * steps * 3];
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) Math.sin(0.01 * i);
        }
        Trainer.PartLoss mse = (y, first, count, gy) -> Loss.mse(y,
            java.util.Arrays.copyOfRange(target, first * steps * 3, (first + count) * steps * 3), gy);
        List<double[]> losses = new ArrayList<>();
        List<Map<String, NdArray>> states = new ArrayList<>();
        for (int threads : new int[] {1, 2, 3, 16}) {
            try (Trainer trainer = new Trainer(new Optimizer(model, Optimizer.Kind.ADAM, 1e-2, 10), threads)) {
                double[] l = new double[3];
                for (int i = 0; i < l.length; i++) {
                    l[i] = trainer.step(x, batch, steps, mse);
                }
                losses.add(l);
                states.add(trainer.model().toStateDict());
            }
        }
        for (int k = 1; k < losses.size(); k++) {
            assertArrayEquals(losses.get(0), losses.get(k), "losses, run " + k);
            for (String key : states.get(0).keySet()) {
                assertEquals(states.get(0).get(key), states.get(k).get(key), key + ", run " + k);
            }
        }
    }
}
