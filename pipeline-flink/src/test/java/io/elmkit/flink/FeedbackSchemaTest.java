package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The feedback topic's records: written and read back whole; every field of a bad record refused in one line. */
class FeedbackSchemaTest {
    private final FeedbackSchema schema = new FeedbackSchema("fb", 3, 4);

    private List<InputStep> read(byte[] value) throws Exception {
        List<InputStep> out = new ArrayList<>();
        schema.deserialize(new ConsumerRecord<>("fb", 0, 7L, new byte[4], value), new Collector<>() {
            @Override
            public void collect(InputStep r) {
                out.add(r);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    private byte[] written(InputStep r) {
        return schema.serialize(r, null, null).value();
    }

    @Test
    void aStepsSpikesAndAnEndComeBack() throws Exception {
        InputStep back = read(written(InputStep.feedback(2, 1, 40, new int[] {0, 3}))).get(0);
        assertEquals(2, back.stream);
        assertEquals(1, back.fromStream);
        assertEquals(40, back.step);
        assertArrayEquals(new int[] {0, 3}, back.spikes);
        InputStep end = read(written(InputStep.feedbackEnd(0, 2, 100))).get(0);
        assertTrue(end.isEnd());
        assertEquals(100, end.endSteps);
    }

    @Test
    void everyBadFieldIsAnErrorNamingIt() {
        byte[] good = written(InputStep.feedback(2, 1, 40, new int[] {0, 3}));
        assertBad(Arrays.copyOf(good, good.length - 4), "spiking neurons: expected 0 .. 1, found 2"); // cut: room for one
        assertBad(Arrays.copyOf(good, good.length + 2), "value: expected 36 bytes for 2 neurons, found 38 bytes");
        assertBad(Arrays.copyOf(good, 10), "value: expected at least 28 bytes, found 10 bytes");
        assertBad(patch(good, 0, 3), "target stream: expected 0 .. 2, found 3");
        assertBad(patch(good, 4, -1), "source stream: expected 0 .. 2, found -1");
        assertBad(patch(good, 32, 0), "neuron[1]: expected 1 .. 3, found 0"); // not increasing
        assertBad(patch(good, 32, 4), "neuron[1]: expected 1 .. 3, found 4");
    }

    private static byte[] patch(byte[] value, int at, int v) {
        byte[] b = value.clone();
        ByteBuffer.wrap(b).putInt(at, v);
        return b;
    }

    private void assertBad(byte[] value, String expected) {
        InputFormatException e = assertThrows(InputFormatException.class, () -> read(value));
        assertTrue(e.getMessage().contains("feedback topic fb partition 0 offset 7") && e.getMessage().contains(expected),
            e.getMessage());
    }
}
