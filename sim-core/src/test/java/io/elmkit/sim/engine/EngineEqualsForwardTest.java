package io.elmkit.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.golden.GoldenCase;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.GoldenElmCases;
import org.junit.jupiter.api.Test;

/** The engine's outputs equal the event stepper's forward (what {@code elmkit predict} runs), bit for bit. */
class EngineEqualsForwardTest {

    /** Runs the engine over an events file, {@code copies} neurons per sample, and returns output (B, T, d_o). */
    static float[] runEngine(ElmModel model, EventsFile events, int copies, int threads, int blockCapacity) {
        Engine.Options options = Engine.Options.builder().threads(threads).blockCapacity(blockCapacity)
            .minShardNeurons(1).build(); // spread even tiny populations: placement must not change results
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

    @GoldenElmCases
    void goldenModelsThroughTheEngineEqualTheForward(String name) throws Exception {
        GoldenCase golden = GoldenCase.load(name);
        float[] expected = BatchForward.run(golden.model, StepperKind.EVENT, golden.input, golden.batch, golden.steps, 1);
        EventsFile events = EventsFile.fromDense(golden.input, golden.batch, golden.steps, golden.channels, 1.0);
        for (int threads : new int[] {1, 2, 3}) {
            assertBitIdentical(expected, runEngine(golden.model, events, 1, threads, 64), name + ", " + threads + " threads");
        }
        assertBitIdentical(expected, runEngine(golden.model, events, 3, 2, 2), name + ", 3 copies, blocks of 2");
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
