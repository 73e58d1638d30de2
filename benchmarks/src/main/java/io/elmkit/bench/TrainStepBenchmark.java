package io.elmkit.bench;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.sim.train.Loss;
import io.elmkit.sim.train.Optimizer;
import io.elmkit.sim.train.SpikeSequences;
import io.elmkit.sim.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput in neuron-steps per second (forward + BPTT + optimiser step; JMH ops/s =
 * neuron-steps/s): the NeuronIO Branch-ELM d_m 20 (batch 8, 500 steps, NeuronIO loss) and the SHD
 * ELM d_m 100 (700 inputs, 2 ms bins: 500 steps per 1 s digit, batch 8, cross-entropy on the last
 * step), on {@code threads} worker threads.
 */
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx4g"})
public class TrainStepBenchmark extends BenchmarkDefaults {
    static final int BATCH = 8;
    static final int STEPS = 500;

    /** Model shape: the NeuronIO Branch-ELM or an SHD ELM with 700 inputs. */
    @Param({"neuronio", "shd700"})
    public String shape;

    /** Training threads. */
    @Param({"1", "2"})
    public int threads;

    /** dense: (B, T, d_in) float input scanned for spikes each step; sparse: {@link SpikeSequences} as given. */
    @Param({"dense", "sparse"})
    public String input;

    private SpikeSequences sparse;

    private Trainer trainer;
    private float[] x;
    private float[] spike;
    private float[] soma;
    private long[] labels;

    /** Builds the model, the trainer and the batch. */
    @Setup(Level.Trial)
    public void setUp() {
        ElmConfig config = shape.equals("neuronio") ? ForwardStepBenchmark.config(shape)
            : ElmConfig.builder(700, 19).numMemory(100).memoryTauMaxMs(150).deltaTMs(2.0).build();
        ElmModel model = ElmModel.initialise(config, 1);
        trainer = new Trainer(new Optimizer(model, Optimizer.Kind.ADAM, 5e-4, 0), threads);
        x = PoissonRaster.dense(5, BATCH, STEPS, config.numInput(), ForwardStepBenchmark.spikesPerMs(shape), 1.0);
        sparse = SpikeSequences.fromDense(x, 0, BATCH, STEPS, config.numInput());
        spike = new float[BATCH * STEPS];
        soma = new float[BATCH * STEPS];
        for (int i = 0; i < spike.length; i++) {
            spike[i] = i % 97 == 0 ? 1f : 0f;
            soma[i] = (float) Math.sin(i * 0.01);
        }
        labels = new long[BATCH];
        for (int b = 0; b < BATCH; b++) {
            labels[b] = b % 19;
        }
    }

    /** Closes the trainer. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
    }

    /** One training step: forward, backward and optimiser update. */
    @Benchmark
    @OperationsPerInvocation(BATCH * STEPS)
    public double trainStep() throws InterruptedException {
        Trainer.PartLoss loss = shape.equals("neuronio")
            ? (y, first, count, gy) -> Loss.neuronio(y, 2,
                java.util.Arrays.copyOfRange(spike, first * STEPS, (first + count) * STEPS),
                java.util.Arrays.copyOfRange(soma, first * STEPS, (first + count) * STEPS), gy)
            : (y, first, count, gy) -> Loss.crossEntropyLast(y, count, STEPS, 19,
                java.util.Arrays.copyOfRange(labels, first, first + count), gy);
        return input.equals("sparse") ? trainer.step(sparse, loss) : trainer.step(x, BATCH, STEPS, loss);
    }
}
