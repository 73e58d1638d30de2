package io.elmkit.sim.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.sim.vector.VectorLockstepKernel;
import org.junit.jupiter.api.Test;

/**
 * Training steps with the lockstep backward (what {@code new Trainer(optimizer, threads)} picks with
 * the vector kernels and {@code -Delmkit.train.lockstep=true}) leave the parameters and losses of plain training bit for bit, at 1 and
 * 2 threads, with the Trainer's own rule of when a worker's parts fill enough lanes and with
 * lockstep forced for every group of two or more parts.
 */
class LockstepTrainerTest {

    @Test
    void trainingTakesTheLockstepOnlyWhenAskedFor() {
        String before = System.getProperty(LockstepKernel.TRAINING_PROPERTY);
        try {
            System.clearProperty(LockstepKernel.TRAINING_PROPERTY);
            assertNull(LockstepKernel.forTraining(), "off by default, with the vector kernels selected");
            System.setProperty(LockstepKernel.TRAINING_PROPERTY, "true");
            assertInstanceOf(VectorLockstepKernel.class, LockstepKernel.forTraining());
        } finally {
            if (before == null) {
                System.clearProperty(LockstepKernel.TRAINING_PROPERTY);
            } else {
                System.setProperty(LockstepKernel.TRAINING_PROPERTY, before);
            }
        }
    }

    @Test
    void trainingStepsEqualPlainTraining() throws InterruptedException {
        ElmConfig config = ElmConfig.builder(200, 2).numMemory(12).numBranch(10).numSynapsePerBranch(20)
            .routing(Routing.NEURONIO).memoryTauMaxMs(60).build();
        int steps = 160;
        for (int batch : new int[] {8, 20, 5}) {
            float[] x = PoissonRaster.dense(3, batch, steps, config.numInput(), 6.0, 1.0);
            for (int threads = 1; threads <= 2; threads++) {
                for (int minLanes : new int[] {-1, 0}) {
                    String what = "batch " + batch + ", " + threads + " threads, minLanes " + minLanes;
                    ElmModel plain = train(config, x, batch, steps, threads, null, 0);
                    ElmModel lockstep = train(config, x, batch, steps, threads, LockstepKernel.selected(), minLanes);
                    for (int p = 0; p < plain.parameterCount(); p++) {
                        float[] e = plain.parameter(p);
                        float[] a = lockstep.parameter(p);
                        for (int i = 0; i < e.length; i++) {
                            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]),
                                what + ": " + plain.parameterName(p) + "[" + i + "]");
                        }
                    }
                }
            }
        }
    }

    private static ElmModel train(ElmConfig config, float[] x, int batch, int steps, int threads,
                                  LockstepKernel kernel, int minLanes) throws InterruptedException {
        try (Trainer trainer = new Trainer(new Optimizer(ElmModel.initialise(config, 4), Optimizer.Kind.ADAM, 1e-2, 0), threads, kernel, minLanes)) {
            for (int i = 0; i < 3; i++) {
                trainer.step(x, batch, steps, (y, first, count, gy) -> {
                    double sum = 0;
                    for (int k = 0; k < y.length; k++) {
                        double d = y[k] - 0.1 * (first + 1) * Math.cos(0.1 * k);
                        sum += d * d;
                        gy[k] = 2 * d / y.length;
                    }
                    return sum / y.length;
                });
            }
            return trainer.model();
        }
    }
}
