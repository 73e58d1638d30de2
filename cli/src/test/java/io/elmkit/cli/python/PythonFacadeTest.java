package io.elmkit.cli.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ReferenceBinning;
import io.elmkit.shd.BinnedSamples;
import io.elmkit.shd.ShdAddingBatch;
import io.elmkit.shd.ShdAddingConfig;
import io.elmkit.shd.ShdAddingGenerator;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.engine.StepOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java side of the Python package, alone (python/tests drives it through JPype). */
class PythonFacadeTest {

    @Test
    void shdAddingBatchesHandOverTheGeneratorsBatchAsPlanarColumns() throws Exception {
        Path good3 = Path.of("..", "shd-adding", "src", "test", "resources", "io", "elmkit", "shd", "good3.h5");
        ShdAddingBatches batches = new ShdAddingBatches(good3.toString(), 7, 4, 4, 10, "native", 1);
        ShdAddingGenerator generator = new ShdAddingGenerator(new BinnedSamples(JhdfShdSamples.read(good3),
            ReferenceBinning.ofBinMs(10)), new ShdAddingConfig(7, 4, 4, 10, ShdAddingBatches.parseCompat("native")));
        ShdAddingBatch expected = generator.newBatch();
        assertTrue(batches.next());
        assertTrue(generator.next(expected));
        int n = expected.size();
        int m = expected.numEvents();
        assertTrue(n > 0 && m > 0, "a batch with pairs and events");
        int[] indices = batches.indices();
        int[] labels = batches.labels();
        int[] events = batches.events();
        assertEquals(2 * n, indices.length);
        assertEquals(n, labels.length);
        assertEquals(4 * m, events.length);
        for (int i = 0; i < n; i++) {
            assertEquals(expected.firstSample(i), indices[i]);
            assertEquals(expected.secondSample(i), indices[n + i]);
            assertEquals(expected.label(i), labels[i]);
        }
        for (int e = 0; e < m; e++) {
            assertArrayEquals(new int[] {expected.eventPair(e), expected.eventStep(e), expected.eventChannel(e),
                expected.eventCount(e)}, new int[] {events[e], events[m + e], events[2 * m + e], events[3 * m + e]});
        }
    }

    @Test
    void arrayInputDeliversEachStepsEventsThenEnds() {
        ArrayEventsInput in = new ArrayEventsInput(2, 4, 1.0, 3, new int[] {0, 1, 1}, new int[] {0, 0, 2},
            new int[] {3, 0, 2}, new float[] {1f, 0.5f, 2f}, "test");
        List<String> seen = new ArrayList<>();
        for (long step = 0; step < 3; step++) {
            long s = step;
            assertEquals(SpikeInput.READY, in.poll(step, (stream, channel, value) -> seen.add(s + ":" + stream + "/" + channel + "=" + value)));
        }
        assertEquals(SpikeInput.END, in.poll(3, (a, b, c) -> seen.add("late")));
        assertEquals(List.of("0:0/3=1.0", "0:1/0=0.5", "2:1/2=2.0"), seen);
    }

    @Test
    void arrayInputChecksEveryRowOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArrayEventsInput(1, 4, 1.0, 5,
            new int[] {0, 0}, new int[] {2, 1}, new int[] {0, 0}, new float[] {1, 1}, "arrays"));
        assertEquals("arrays: step[1]: expected steps in increasing order, found 1 after 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ArrayEventsInput(1, 4, 1.0, 5,
            new int[] {0}, new int[] {5}, new int[] {0}, new float[] {1}, "arrays"));
        assertEquals("arrays: step[0]: expected 0..4, found 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ArrayEventsInput(1, 4, 1.0, 5,
            new int[] {0}, new int[] {0}, new int[] {0}, new float[] {Float.POSITIVE_INFINITY}, "arrays"));
        assertTrue(e.getMessage().startsWith("arrays: value[0]: expected a finite number"));
    }

    @Test
    void bufferSinkWritesOutputsNaNForMissingOnesAndSpikes() {
        ByteBuffer outputs = ByteBuffer.allocateDirect(3 * 2 * 4).order(ByteOrder.nativeOrder());
        ByteBuffer spikes = ByteBuffer.allocateDirect(3 * 4).order(ByteOrder.nativeOrder());
        BufferOutputSink sink = new BufferOutputSink(outputs, spikes, 3, 2);
        sink.onStep(new StepOutputs() {
            public long step() { return 7; }
            public int neuronIdBound() { return 64; }
            public boolean isLive(int id) { return id != 1; }
            public int numOutput(int id) { return id == 2 ? 1 : 2; }
            public float output(int id, int k) { return 10 * id + k; }
            public int spikeCount() { return 1; }
            public int spikeNeuron(int i) { return 2; }
        });
        float[] got = new float[6];
        outputs.asFloatBuffer().get(got);
        assertArrayEquals(new float[] {0, 1, Float.NaN, Float.NaN, 20, Float.NaN}, got);
        assertEquals(2, spikes.getInt(0));
        assertEquals(1, sink.spikeCount());
        assertEquals(7, sink.step());
    }
}
