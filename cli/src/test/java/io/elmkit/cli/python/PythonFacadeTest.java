package io.elmkit.cli.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.engine.StepOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java side of the Python package, alone (python/tests drives it through JPype). */
class PythonFacadeTest {

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
