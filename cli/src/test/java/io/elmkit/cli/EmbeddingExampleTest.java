package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.ring.SpikeRing;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.engine.RingInput;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application of docs/embedding.md, run for real: a model saved and loaded as a model
 * directory, live producer threads feeding the engine through a ring, the outputs written to a
 * journal and read back; everything must equal the batched forward bit for bit. A second test
 * checks that every Java block of docs/embedding.md is quoted verbatim from this file, so the
 * document cannot drift from code that compiles.
 */
class EmbeddingExampleTest {
    private static final int CHANNELS = 64;
    private static final int STREAMS = 3;
    private static final int STEPS = 300;

    // [embedding:load]
    /** A small Branch-ELM saved as a model directory and loaded back, as an application would load yours. */
    static ElmModel loadModel(Path dir) throws IOException {
        ElmConfig config = ElmConfig.builder(CHANNELS, 2)      // 64 inputs, 2 outputs
            .numMemory(10).numBranch(8).numSynapsePerBranch(8)
            .routing(Routing.NEURONIO).build();
        ModelDirectory.save(ElmModel.initialise(config, 42), dir);   // model_config.json + model_state.pt
        return ModelDirectory.load(dir);                              // checks config and every tensor
    }
    // [/embedding:load]

    // [embedding:ring]
    /**
     * One producer thread per stream makes spikes (here: random, 5 % of the channels per step) and
     * publishes them on a ring while the engine runs; {@code recorded} (streams, steps, channels)
     * receives what was sent.
     */
    static float[] runOnRing(ElmModel model, float[] recorded, List<float[]> perStep) throws InterruptedException {
        Engine.Options options = Engine.Options.builder()
            .threads(2)                                          // threads stepping neurons
            .build();
        SpikeRing ring = SpikeRing.manyToOne(1 << 16);         // bytes; a full ring makes producers wait
        List<Thread> producers = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            int stream = s;
            producers.add(new Thread(() -> {
                SplittableRandom sensor = new SplittableRandom(stream);
                StepBatch batch = new StepBatch();
                YieldingIdleStrategy idle = new YieldingIdleStrategy();
                for (int t = 0; t < STEPS; t++) {
                    batch.reset(stream, t);                      // stream id, step
                    for (int channel = 0; channel < CHANNELS; channel++) {
                        if (sensor.nextDouble() < 0.05) {
                            batch.add(channel, 1f);              // one spike
                            recorded[(stream * STEPS + t) * CHANNELS + channel] = 1f;
                        }
                    }
                    ring.put(batch, idle);                       // waits while the ring is full, never drops
                }
                ring.finish(stream, idle);                       // this stream has ended
            }));
        }
        int[][] neurons = new int[STREAMS][1];                   // engine ids, one neuron per stream
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new RingInput(ring, STREAMS, CHANNELS, 1.0, "live producers"));
            for (int s = 0; s < STREAMS; s++) {
                neurons[s][0] = engine.addNeuron(NeuronSpec.listening(model, input, s));
            }
            ArrayOutputSink outputs = new ArrayOutputSink(neurons, model.numOutput(), STEPS);
            engine.addSink(outputs);
            engine.addSink(step -> {                             // any lambda: called after every step
                float[] row = new float[STREAMS];
                for (int s = 0; s < STREAMS; s++) {
                    row[s] = step.output(neurons[s][0], 1);
                }
                perStep.add(row);
            });
            producers.forEach(Thread::start);
            engine.run();                                        // until every stream has finished
            for (Thread producer : producers) {
                producer.join();
            }
            return outputs.output();                             // (streams, steps, outputs), like predict
        }
    }
    // [/embedding:ring]

    // [embedding:journal]
    /** Writes outputs (streams, steps, d_o) as a journal: one record per stream and step. */
    static void writeJournal(Path dir, float[] output, int numOutput) throws IOException {
        try (SpikeJournal journal = SpikeJournal.create(dir, new JournalHeader(numOutput, 1.0, STEPS, "embedding example"))) {
            StepBatch batch = new StepBatch();
            for (int t = 0; t < STEPS; t++) {
                for (int s = 0; s < STREAMS; s++) {
                    batch.reset(s, t);
                    for (int k = 0; k < numOutput; k++) {
                        batch.add(k, output[(s * STEPS + t) * numOutput + k]);
                    }
                    journal.append(batch);
                }
            }
        }                                                        // close() appends the end record
    }

    /** Reads the journal back; every record's checksum and values are checked on the way. */
    static float[] readJournal(Path dir) throws IOException {
        try (SpikeJournal journal = SpikeJournal.open(dir)) {
            JournalHeader header = journal.header();
            float[] output = new float[(int) (STREAMS * header.numSteps() * header.numChannels())];
            journal.replay((index, batch) -> {
                for (int i = 0; i < batch.size(); i++) {
                    output[(int) ((batch.streamId() * header.numSteps() + batch.step()) * header.numChannels()
                        + batch.channel(i))] = batch.value(i);
                }
            });
            assertEquals(SpikeJournal.Ending.COMPLETE, journal.ending(), "the end record was read");
            return output;
        }
    }
    // [/embedding:journal]

    @Test
    void theEmbeddingExampleEqualsTheBatchedForward(@TempDir Path tmp) throws Exception {
        ElmModel model = loadModel(tmp.resolve("model"));
        float[] recorded = new float[STREAMS * STEPS * CHANNELS];
        List<float[]> perStep = new ArrayList<>();
        float[] output = runOnRing(model, recorded, perStep);
        assertTrue(PoissonRaster.count(recorded) > STREAMS * STEPS, "the producers sent spikes");
        float[] expected = BatchForward.run(model, StepperKind.EVENT, recorded, STREAMS, STEPS, 1);
        assertBitIdentical(expected, output, "engine on a ring");
        assertEquals(STEPS, perStep.size(), "the lambda sink saw every step");
        for (int t = 0; t < STEPS; t++) {
            for (int s = 0; s < STREAMS; s++) {
                assertEquals(Float.floatToRawIntBits(expected[(s * STEPS + t) * 2 + 1]),
                    Float.floatToRawIntBits(perStep.get(t)[s]), "lambda sink, stream " + s + " step " + t);
            }
        }

        Path journal = tmp.resolve("outputs-journal");
        writeJournal(journal, output, model.numOutput());
        assertBitIdentical(expected, readJournal(journal), "journal read back");
    }

    @Test
    void everyJavaBlockOfTheDocumentIsQuotedFromThisFile() throws IOException {
        Path root = Path.of(System.getProperty("elmkit.root", ".."));
        String doc = Files.readString(root.resolve("docs/embedding.md"));
        String source = normalise(Files.readString(root.resolve(
            "cli/src/test/java/io/elmkit/cli/EmbeddingExampleTest.java")));
        int blocks = 0;
        int at = 0;
        while ((at = doc.indexOf("```java\n", at)) >= 0) {
            int end = doc.indexOf("```", at + 8);
            String block = normalise(doc.substring(at + 8, end).stripTrailing());
            assertTrue(source.contains(block), "docs/embedding.md block " + (blocks + 1)
                + " is not in EmbeddingExampleTest.java verbatim:\n" + block);
            blocks++;
            at = end + 3;
        }
        assertTrue(blocks >= 3, "docs/embedding.md should quote the load, ring and journal parts; found " + blocks);
    }

    /** Lines without leading blanks: the document quotes methods unindented. */
    private static String normalise(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(line.strip()).append('\n');
        }
        return out.toString();
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": differs at " + i + ": forward " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
