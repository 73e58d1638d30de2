package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The job's records share {@link StreamStep}'s fields and stay Flink POJOs (no Kryo) with them. */
class StreamStepTest {

    @Test
    void recordsArePojosWithTheSharedFields() {
        for (Class<?> c : new Class<?>[] {InputStep.class, StepOutput.class}) {
            PojoTypeInfo<?> info = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(c), c.getSimpleName());
            for (String field : new String[] {"stream", "step", "endSteps"}) {
                assertTrue(info.getFieldIndex(field) >= 0, c.getSimpleName() + " lacks " + field);
            }
        }
    }

    @Test
    void endMarkersSurviveTheSerialiser() throws Exception {
        InputStep end = roundTrip(InputStep.class, InputStep.end(3, 17));
        assertTrue(end.isEnd());
        assertEquals(3, end.stream);
        assertEquals(17, end.step);
        assertEquals(17, end.endSteps);
        assertEquals("end of stream 3 after 17 steps", end.toString());
        StepOutput outEnd = roundTrip(StepOutput.class, StepOutput.end(2, 5));
        assertTrue(outEnd.isEnd());
        assertEquals("end of stream 2 after 5 steps", outEnd.toString());
        InputStep batch = roundTrip(InputStep.class, InputStep.batch(1, 4, new int[] {7}, new float[] {0.5f}));
        assertFalse(batch.isEnd());
        assertEquals("step batch (stream 1, step 4, 1 events)", batch.toString());
        StepOutput out = roundTrip(StepOutput.class, new StepOutput(1, 4, 2, new float[] {1, 2, 3, 4}, new int[] {1}));
        assertEquals(-1, out.endSteps);
        assertEquals("outputs (stream 1, step 4, 2 neurons)", out.toString());
        assertArrayEquals(new float[] {1, 2, 3, 4}, out.output);
    }

    private static <T> T roundTrip(Class<T> type, T record) throws Exception {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        return serializer.deserialize(new DataInputDeserializer(Arrays.copyOf(out.getSharedBuffer(), out.length())));
    }
}
