package io.elmkit.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's outputs equal the event stepper's forward (what {@code elmkit predict} runs), bit for bit. */
class EngineEqualsForwardTest {

    static Path goldenRoot() {
        return Path.of(System.getProperty("elmkit.shared", "../shared")).resolve("golden/elm");
    }

    static Stream<String> cases() throws IOException {
        Path root = goldenRoot();
        if (!Files.isDirectory(root)) {
            return Stream.of("(shared data absent)");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Runs the engine over an events file, {@code copies} neurons per sample, and returns output (B, T, d_o). */
    static float[] runEngine(ElmModel model, EventsFile events, int copies, int threads, int blockCapacity) {
        Engine.Options options = Engine.Options.builder().threads(threads).blockCapacity(blockCapacity).build();
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "test events"));
            int samples = (int) events.numSamples();
            int[][] ids = new int[samples][];
            for (int b = 0; b < samples; b++) {
                ids[b] = engine.addNeurons(NeuronSpec.listening(model, input, b), copies);
            }
            ArrayOutputSink sink = new ArrayOutputSink(ids, model.numOutput(), events.numSteps);
            engine.addSink(sink);
            long steps = engine.run();
            assertEquals(events.numSteps, steps, "steps run");
            assertEquals(0, sink.copyMismatches(), "copies of a neuron on one stream must agree bit for bit");
            return sink.output();
        }
    }

    static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": differs at " + i + ": forward " + expected[i] + ", engine " + actual[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenModelsThroughTheEngineEqualTheForward(String name) throws Exception {
        Path dir = goldenRoot().resolve(name);
        assumeTrue(Files.isDirectory(dir), "../shared/golden/elm not present: skipping " + name);
        ElmModel model = ModelDirectory.load(dir);
        NdArray input = Npy.read(dir.resolve("input.npy"));
        int batch = input.shape()[0];
        int steps = input.shape()[1];
        float[] x = input.toFloatArray();
        float[] expected = BatchForward.run(model, StepperKind.EVENT, x, batch, steps, 1);
        EventsFile events = EventsFile.fromDense(x, batch, steps, model.numInput(), 1.0);
        for (int threads : new int[] {1, 2, 3}) {
            assertBitIdentical(expected, runEngine(model, events, 1, threads, 64), name + ", " + threads + " threads");
        }
        assertBitIdentical(expected, runEngine(model, events, 3, 2, 2), name + ", 3 copies, blocks of 2");
    }

    @Test
    void neuronioShapedPopulationEqualsForwardForAnyThreadCount() throws Exception {
        ElmConfig config = ElmConfig.builder(1278, 2).numMemory(20).numBranch(45).numSynapsePerBranch(100)
            .routing(Routing.NEURONIO).memoryTauMaxMs(150).build();
        ElmModel model = ElmModel.initialise(config, 7);
        int batch = 11;
        int steps = 120;
        float[] x = PoissonRaster.dense(3, batch, steps, 1278, 14.0, 1.0);
        float[] expected = BatchForward.run(model, StepperKind.EVENT, x, batch, steps, 2);
        EventsFile events = EventsFile.fromDense(x, batch, steps, 1278, 1.0);
        for (int threads : new int[] {1, 2, 4}) {
            assertBitIdentical(expected, runEngine(model, events, 2, threads, 8), threads + " threads");
        }
    }
}
