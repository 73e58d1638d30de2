package io.elmkit.bench;

import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.IdleStrategies;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.engine.ProducerInput;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.synthetic.PoissonRaster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine over a population of NeuronIO-shaped Branch-ELMs (1278 inputs, 45 x 100 synapses,
 * d_m 20) fed at L5PC rates (~14 input spikes per ms per neuron, excitatory +1 / inhibitory -1),
 * 1 ms steps. One JMH op = one engine step of the whole population, so
 * neuron-steps/s = ops/s x neurons and the real-time factor = ops/s / 1000. Inputs come from
 * {@code streams} (default {@value #STREAMS}) precomputed streams of {@value #WINDOW_STEPS} steps
 * (fewer when there are more than {@value #STREAMS} streams, to bound the raster), cycled (neuron i
 * listens to stream i mod streams), so input generation costs nothing here; routing, stepping,
 * spike rules and sinks are all measured. Neurons on one stream share that stream's input sum
 * (see {@code EventStepper.shareSum}): {@code -p streams=10000} with 10,000 neurons measures the
 * case where no two neurons share one.
 */
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx4g"})
public class EngineBenchmark extends BenchmarkDefaults {
    static final int STREAMS = 64;
    static final int WINDOW_STEPS = 200;

    /** Neurons in the population. */
    @Param({"1", "100", "10000"})
    public int neurons;

    /** Engine threads. */
    @Param({"1", "2"})
    public int threads;

    /** Input streams; neuron i listens to stream i mod streams (at most one stream per neuron is used). */
    @Param({"64"})
    public int streams = STREAMS;

    /** Engine.Options.blockCapacity: neurons of one model stepped together. */
    @Param({"256"})
    public int blockCapacity = 256;

    /** How the engine's threads wait (IdleStrategies.named: busy, yield, backoff or sleep). */
    @Param({"backoff"})
    public String idle = "backoff";

    private Engine engine;

    /** Builds the model, the input and the engine. */
    @Setup(Level.Trial)
    public void setUp() {
        ElmModel model = ElmModel.initialise(ForwardStepBenchmark.config("neuronio"), 11);
        int streams = Math.min(this.streams, neurons);
        int channels = model.numInput();
        int window = Math.max(4, WINDOW_STEPS * STREAMS / Math.max(STREAMS, streams));
        float[] raster = PoissonRaster.dense(5, streams, window, channels, 14.0, 1.0);
        // Per step, the events of every stream, packed.
        int[][] stream = new int[window][];
        int[][] channel = new int[window][];
        float[][] value = new float[window][];
        for (int t = 0; t < window; t++) {
            int n = 0;
            for (int s = 0; s < streams; s++) {
                for (int c = 0; c < channels; c++) {
                    n += raster[(s * window + t) * channels + c] != 0f ? 1 : 0;
                }
            }
            stream[t] = new int[n];
            channel[t] = new int[n];
            value[t] = new float[n];
            int k = 0;
            for (int s = 0; s < streams; s++) {
                for (int c = 0; c < channels; c++) {
                    float v = raster[(s * window + t) * channels + c];
                    if (v != 0f) {
                        stream[t][k] = s;
                        channel[t][k] = c;
                        value[t][k] = v;
                        k++;
                    }
                }
            }
        }
        ProducerInput input = new ProducerInput(streams, channels, 1.0, -1, (step, sink) -> {
            int t = (int) (step % window);
            int[] s = stream[t];
            int[] c = channel[t];
            float[] v = value[t];
            for (int e = 0; e < s.length; e++) {
                sink.onEvent(s[e], c[e], v[e]);
            }
            return SpikeInput.READY;
        }, "L5PC-rate Poisson streams");
        engine = new Engine(Engine.Options.builder().threads(threads).blockCapacity(blockCapacity)
            .idleStrategy(IdleStrategies.named(idle)).build());
        int in = engine.addInput(input);
        for (int i = 0; i < neurons; i++) {
            engine.addNeuron(NeuronSpec.listening(model, in, i % streams));
        }
        engine.addSink(out -> { });
        engine.run(10);
    }

    /**
     * With several threads, how many blocks per step a thread stepped for another shard (threads at
     * unequal speeds help more); empty with one.
     */
    public String helpNote() {
        return threads < 2 ? "" : String.format(java.util.Locale.ROOT, "; blocks stepped by helping threads %.2f per step",
            (double) engine.blocksSteppedByHelpers() / Math.max(1, engine.steps()));
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One engine step of the population. */
    @Benchmark
    public long step() {
        engine.run(1);
        return engine.steps();
    }
}
