package io.elmkit.bench;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.step.DenseStepper;
import io.elmkit.sim.step.ElmStepper;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.StepEvents;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward stepping throughput in neuron-steps per second (JMH ops/s): the published NeuronIO
 * Branch-ELM shape (1278 inputs, 45 x 100 synapses, d_m 20, ~14 input spikes per ms) and a plain
 * ELM (700 inputs, d_m 100, SHD-like ~10 spikes per ms), dense vs event-driven, 1 and 64 neurons.
 * Each invocation advances {@value #NEURON_STEPS} neuron-steps; input cycles through a window of
 * {@value #WINDOW_STEPS} precomputed steps (dense rows for the dense stepper, events for the event one).
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx4g"})
public class ForwardStepBenchmark extends BenchmarkDefaults {
    static final int NEURON_STEPS = 6400;
    static final int WINDOW_STEPS = 100;

    /** Model shape: the NeuronIO Branch-ELM or a plain ELM with 700 inputs. */
    @Param({"neuronio", "plain700"})
    public String shape;

    /** Which stepper. */
    @Param({"dense", "event"})
    public String stepper;

    /** Neurons stepped together. */
    @Param({"1", "64"})
    public int neurons;

    private ElmStepper elm;
    private float[] rows;
    private StepEvents[] events;
    private float[] output;
    private int numInput;
    private int step;

    static ElmConfig config(String shape) {
        if (shape.equals("neuronio")) {
            return ElmConfig.builder(1278, 2).numMemory(20).numBranch(45).numSynapsePerBranch(100)
                .routing(Routing.NEURONIO).memoryTauMaxMs(150).build();
        }
        return ElmConfig.builder(700, 20).numMemory(100).memoryTauMaxMs(150).build();
    }

    static double spikesPerMs(String shape) {
        return shape.equals("neuronio") ? 14.0 : 10.0;
    }

    /** Builds the model, the stepper and the input. */
    @Setup(Level.Trial)
    public void setUp() {
        ElmModel model = ElmModel.initialise(config(shape), 1);
        numInput = model.numInput();
        elm = stepper.equals("dense") ? new DenseStepper(model, neurons) : new EventStepper(model, neurons);
        // Window laid out step-major: rows[(t * neurons + b) * numInput + c].
        float[] raster = PoissonRaster.dense(3, WINDOW_STEPS * neurons, 1, numInput, spikesPerMs(shape), 1.0);
        rows = raster;
        events = new StepEvents[WINDOW_STEPS];
        for (int t = 0; t < WINDOW_STEPS; t++) {
            events[t] = new StepEvents();
            events[t].fillFromDense(raster, t * neurons * numInput, numInput, neurons, numInput);
        }
        output = new float[neurons * model.numOutput()];
        step = 0;
    }

    /** Steps every neuron over the input once. */
    @Benchmark
    @OperationsPerInvocation(NEURON_STEPS)
    public float forward() {
        int steps = NEURON_STEPS / neurons;
        int dO = output.length / neurons;
        boolean dense = stepper.equals("dense");
        for (int i = 0; i < steps; i++) {
            int t = step++ % WINDOW_STEPS;
            if (dense) {
                elm.step(rows, t * neurons * numInput, numInput, output, 0, dO);
            } else {
                elm.step(events[t], output, 0, dO);
            }
        }
        return output[0];
    }
}
