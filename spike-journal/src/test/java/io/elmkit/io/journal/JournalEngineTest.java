package io.elmkit.io.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elmkit.io.event.StepBatch;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine adapters: a journal replayed as input (JournalInput) and outputs recorded in one (JournalOutputSink). */
class JournalEngineTest {
    static final int CHANNELS = 64;

    private static ElmModel model(long seed) {
        ElmConfig config = ElmConfig.builder(CHANNELS, 2).numMemory(6).numBranch(8).numSynapsePerBranch(12)
            .routing(Routing.NEURONIO).memoryTauMaxMs(50).build();
        return ElmModel.initialise(config, seed);
    }

    /** assertArrayEquals on floats compares Float.floatToIntBits: bit-identical up to NaN payloads. */
    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertArrayEquals(expected, actual, what);
    }

    @Test
    void aJournalReplayedTwiceGivesIdenticalOutputsInEitherOrder(@TempDir Path tmp) throws Exception {
        ElmModel model = model(3);
        int streams = 3;
        int steps = 200;
        float[] x = PoissonRaster.dense(7, streams, steps, CHANNELS, 6.0, 1.0);
        float[] expected = BatchForward.run(model, StepperKind.EVENT, x, streams, steps, 1);
        // Time-ordered (as recorded live) and sample-ordered (as converted from a file).
        Path timeOrdered = record(tmp.resolve("time"), x, streams, steps, true);
        Path sampleOrdered = record(tmp.resolve("sample"), x, streams, steps, false);
        for (Path dir : new Path[] {timeOrdered, sampleOrdered}) {
            try (SpikeJournal j = SpikeJournal.open(dir)) {
                for (int pass = 0; pass < 2; pass++) {
                    JournalInput input = new JournalInput(j, dir.toString());
                    assertEquals(dir == timeOrdered, input.isStreamed(), "streamed only when time-ordered");
                    assertBitIdentical(expected, runOn(model, input, streams, steps, null), dir + " pass " + pass);
                }
            }
        }
    }

    @Test
    void outputsRecordedInAJournalEqualTheEnginesOutputs(@TempDir Path tmp) throws Exception {
        int streams = 2;
        int steps = 120;
        Path in = record(tmp.resolve("in"), PoissonRaster.dense(11, streams, steps, CHANNELS, 8.0, 1.0), streams, steps,
            true);
        ElmModel model = model(5);
        Path out = tmp.resolve("out");
        int d = model.numOutput();
        float[] direct;
        try (SpikeJournal j = SpikeJournal.open(in);
             SpikeJournal recorded = SpikeJournal.create(out, new JournalHeader(d, 1.0, steps, "outputs"))) {
            direct = runOn(model, new JournalInput(j, in.toString()), streams, steps, recorded);
        }
        // Records: stream = sample, step, channel k = output index, value = output k; in time order.
        float[] replayed = new float[streams * steps * d];
        long[] lastStep = {-1};
        long[] records = {0};
        try (SpikeJournal j = SpikeJournal.open(out)) {
            assertEquals(SpikeJournal.Ending.COMPLETE, replayAndEnding(j, (index, b) -> {
                assertEquals(d, b.size(), "one value per output");
                lastStep[0] = Math.max(lastStep[0], b.step());
                assertEquals(lastStep[0], b.step(), "time order");
                for (int i = 0; i < b.size(); i++) {
                    replayed[(b.streamId() * steps + (int) b.step()) * d + b.channel(i)] = b.value(i);
                }
                records[0]++;
            }));
        }
        assertEquals((long) streams * steps, records[0], "one record per sample and step");
        assertBitIdentical(direct, replayed, "outputs through the journal");
    }

    private static SpikeJournal.Ending replayAndEnding(SpikeJournal j, SpikeJournal.Handler handler) throws Exception {
        j.replay(handler);
        return j.ending();
    }

    /** Records the raster {@code x} (streams, steps, CHANNELS) in time order (step by step) or sample by sample. */
    private static Path record(Path dir, float[] x, int streams, int steps, boolean timeOrdered) throws Exception {
        StepBatch batch = new StepBatch();
        try (SpikeJournal j = SpikeJournal.create(dir, new JournalHeader(CHANNELS, 1.0, steps, "test"))) {
            for (int outer = 0; outer < (timeOrdered ? steps : streams); outer++) {
                for (int inner = 0; inner < (timeOrdered ? streams : steps); inner++) {
                    int s = timeOrdered ? inner : outer;
                    int t = timeOrdered ? outer : inner;
                    append(j, batch, x, s, t, steps);
                }
            }
        }
        return dir;
    }

    private static void append(SpikeJournal j, StepBatch batch, float[] x, int s, int t, int steps) {
        batch.reset(s, t);
        for (int c = 0; c < CHANNELS; c++) {
            float v = x[(s * steps + t) * CHANNELS + c];
            if (v != 0f) {
                batch.add(c, v);
            }
        }
        if (batch.size() > 0) {
            j.append(batch);
        }
    }

    /** Runs one neuron per stream; {@code record}, when given, also gets the outputs through a JournalOutputSink. */
    private static float[] runOn(ElmModel model, SpikeInput source, int streams, int steps, SpikeJournal record) {
        try (Engine engine = new Engine(Engine.Options.defaults())) {
            int input = engine.addInput(source);
            int[][] ids = new int[streams][];
            int[] first = new int[streams];
            for (int s = 0; s < streams; s++) {
                ids[s] = engine.addNeurons(NeuronSpec.listening(model, input, s), 1);
                first[s] = ids[s][0];
            }
            ArrayOutputSink sink = new ArrayOutputSink(ids, model.numOutput(), steps);
            engine.addSink(sink);
            if (record != null) {
                OutputSink journalSink = new JournalOutputSink(record, first);
                engine.addSink(journalSink);
            }
            engine.run();
            assertEquals(steps, sink.steps());
            return sink.output();
        }
    }
}
