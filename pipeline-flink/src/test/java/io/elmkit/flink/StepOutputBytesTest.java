package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StepOutputBytesTest {
    @Test
    void aStepsOutputsAndSpikesComeBackBitForBit() {
        float[] output = {1.5f, -0f, Float.MIN_VALUE, Float.NaN, 3e38f, -2.25f};
        StepOutput o = new StepOutput(7, 123_456_789_012L, 2, output, new int[] {0, 2});
        StepOutput back = StepOutputBytes.decode(StepOutputBytes.encode(o));
        assertEquals(7, back.stream);
        assertEquals(123_456_789_012L, back.step);
        assertEquals(-1, back.endSteps);
        assertEquals(2, back.numOutput);
        for (int i = 0; i < output.length; i++) {
            assertEquals(Float.floatToRawIntBits(output[i]), Float.floatToRawIntBits(back.output[i]), "output " + i);
        }
        assertArrayEquals(new int[] {0, 2}, back.spikes);
    }

    @Test
    void anEndMarkerStaysAnEndMarker() {
        StepOutput back = StepOutputBytes.decode(StepOutputBytes.encode(StepOutput.end(3, 2000)));
        assertTrue(back.isEnd());
        assertEquals(3, back.stream);
        assertEquals(2000, back.endSteps);
        assertEquals(0, back.output.length);
        assertEquals(0, back.spikes.length);
    }

    @Test
    void aCutRecordIsAnErrorNotAShorterOne() {
        byte[] bytes = StepOutputBytes.encode(new StepOutput(1, 5, 1, new float[] {1f, 2f, 3f}, new int[] {1}));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> StepOutputBytes.decode(Arrays.copyOf(bytes, bytes.length - 4)));
        assertTrue(e.getMessage().contains("do not fill it"), e.getMessage());
    }

    @Test
    void theFirstNeuronTravelsAndTheOthersAreComparedBitForBit() {
        // 3 neurons x 2 outputs: neuron 1 equals neuron 0; neuron 2 differs in one value (-0 vs +0).
        float[] output = {1.5f, 0f, 1.5f, 0f, 1.5f, -0f};
        byte[] bytes = StepOutputBytes.FirstNeuron.encode(new StepOutput(4, 9, 2, output, new int[] {2}));
        long[] mismatches = {5};
        StepOutput back = StepOutputBytes.decodeFirstNeuron(bytes, mismatches);
        assertEquals(4, back.stream);
        assertEquals(9, back.step);
        assertEquals(2, back.numOutput);
        assertArrayEquals(new float[] {1.5f, 0f}, back.output);
        assertArrayEquals(new int[] {2}, back.spikes);
        assertEquals(6, mismatches[0]);
    }

    @Test
    void aFirstNeuronEndMarkerStaysAnEndMarker() {
        long[] mismatches = new long[1];
        StepOutput back = StepOutputBytes.decodeFirstNeuron(StepOutputBytes.FirstNeuron.encode(StepOutput.end(3, 2000)),
            mismatches);
        assertTrue(back.isEnd());
        assertEquals(2000, back.endSteps);
        assertEquals(0, mismatches[0]);
    }

    @Test
    void aCutFirstNeuronRecordIsAnError() {
        byte[] bytes = StepOutputBytes.FirstNeuron.encode(new StepOutput(1, 5, 1, new float[] {1f, 1f}, new int[0]));
        assertThrows(IllegalStateException.class,
            () -> StepOutputBytes.decodeFirstNeuron(Arrays.copyOf(bytes, bytes.length - 4), new long[1]));
    }
}
