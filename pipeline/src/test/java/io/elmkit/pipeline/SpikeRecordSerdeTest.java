package io.elmkit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Round trips of the spike-topic serdes: batches with and without times, spikes, headers, ends; bad records. */
class SpikeRecordSerdeTest {
    private final SpikeRecordSerializer ser = new SpikeRecordSerializer();
    private final SpikeRecordDeserializer de = new SpikeRecordDeserializer();

    private SpikeRecord roundTrip(SpikeRecord r) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = ser.serialize("t", headers, r);
        return de.deserialize("t", headers, bytes);
    }

    @Test
    void batchWithoutTimes() {
        StepBatch b = new StepBatch(1).reset(7, 123_456_789_012L).add(3, 1.5f).add(0, -0f).add(699, Float.MIN_VALUE);
        SpikeRecord back = roundTrip(SpikeRecord.batch(b));
        assertEquals(SpikeRecord.Kind.BATCH, back.kind());
        assertEquals(7, back.stream());
        assertEquals(123_456_789_012L, back.batch().step());
        assertFalse(back.batch().hasTimes());
        assertFalse(back.spiked());
        assertEquals(3, back.batch().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(b.channel(i), back.batch().channel(i));
            assertEquals(Float.floatToRawIntBits(b.value(i)), Float.floatToRawIntBits(back.batch().value(i)));
        }
        // Without record headers a batch is the codec alone, readable by any codec decoder.
        assertArrayEquals(SpikeRecordSerializer.encode(b), ser.serialize("t", SpikeRecord.batch(b)));
    }

    @Test
    void batchWithTimesAndSpikeFlag() {
        StepBatch b = new StepBatch().reset(0, 5).add(1, 1f, 0.00512).add(2, 1f, 0.005999);
        SpikeRecord back = roundTrip(SpikeRecord.batch(b, true));
        assertTrue(back.batch().hasTimes());
        assertEquals(0.00512, back.batch().timeS(0));
        assertEquals(0.005999, back.batch().timeS(1));
        assertTrue(back.spiked());
    }

    @Test
    void outputsOfSeveralNeuronsNameTheNeuronsThatSpiked() throws Exception {
        SpikeRecord back = roundTrip(SpikeRecord.batch(new StepBatch().reset(1, 3).add(0, 1f).add(1, 2f).add(2, 3f),
            new int[] {0, 2}));
        assertArrayEquals(new int[] {0, 2}, back.spikes());
        TopicHeader h = new TopicHeader(TopicHeader.OUTPUTS, 2, 1, 1.0, 10, null, "x", 3);
        assertEquals(3, roundTrip(SpikeRecord.header(h)).header().neurons());
        assertEquals(3, h.batchChannels());
        assertEquals(1, roundTrip(SpikeRecord.header(new TopicHeader(TopicHeader.OUTPUTS, 2, 1, 1.0, 10, null, "x")))
            .header().neurons(), "absent: one neuron per stream");
        // An empty elmkit.spike value (one-neuron topics) is neuron 0; a value that is no int32 list is an error.
        org.apache.kafka.common.header.Headers legacy = new RecordHeaders().add(SpikeTopic.SPIKE, new byte[0]);
        byte[] codec = SpikeRecordSerializer.encode(new StepBatch().reset(0, 0).add(0, 1f));
        assertArrayEquals(new int[] {0}, de.deserialize("t", legacy, codec).spikes());
        org.apache.kafka.common.header.Headers bad = new RecordHeaders().add(SpikeTopic.SPIKE, new byte[3]);
        SerializationException e = assertThrows(SerializationException.class, () -> de.deserialize("t", bad, codec));
        assertTrue(e.getMessage().contains("elmkit.spike") && e.getMessage().contains("3 bytes"), e.getMessage());
        // Events topics have one "neuron": a header saying otherwise is refused.
        String json = new String(h.toJson(), StandardCharsets.UTF_8).replace("\"outputs\"", "\"events\"");
        assertThrows(io.elmkit.io.check.InputFormatException.class,
            () -> TopicHeader.fromJson("t", json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Kafka's consumer hands values over as slices of the fetched bytes: decoded in place, as from an array. */
    @Test
    void valuesReadInPlaceFromASliceOfTheFetchedBytes() {
        StepBatch b = new StepBatch().reset(4, 77).add(5, 0.25f, 0.077).add(9, -2f, 0.0775);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = ser.serialize("t", headers, SpikeRecord.batch(b, new int[] {1, 3}));
        java.nio.ByteBuffer fetched = java.nio.ByteBuffer.allocate(value.length + 11);
        fetched.position(7);
        java.nio.ByteBuffer slice = fetched.slice(); // array offset 7, as Kafka's records are
        slice.position(2);
        slice.put(value);
        slice.position(2).limit(2 + value.length);
        SpikeRecord back = de.deserialize("t", headers, slice);
        assertEquals(4, back.stream());
        assertEquals(77, back.batch().step());
        assertArrayEquals(new int[] {1, 3}, back.spikes());
        assertEquals(0.0775, back.batch().timeS(1));
        assertEquals(Float.floatToRawIntBits(-2f), Float.floatToRawIntBits(back.batch().value(1)));
        RecordHeaders endHeaders = new RecordHeaders();
        byte[] end = ser.serialize("t", endHeaders, SpikeRecord.end(6, 1234));
        SpikeRecord endBack = de.deserialize("t", endHeaders, java.nio.ByteBuffer.wrap(end));
        assertEquals(6, endBack.stream());
        assertEquals(1234, endBack.endSteps());
        // A value cut short in the slice is the same one-line error as from an array, naming the topic.
        slice.position(2).limit(2 + value.length - 4);
        SerializationException e = assertThrows(SerializationException.class, () -> de.deserialize("live", headers, slice));
        assertTrue(e.getMessage().startsWith("topic live") && e.getMessage().contains("step batch"), e.getMessage());
        assertThrows(SerializationException.class, () -> de.deserialize("t", headers, (java.nio.ByteBuffer) null));
    }

    @Test
    void emptyBatchKeepsStreamAndStep() {
        SpikeRecord back = roundTrip(SpikeRecord.batch(new StepBatch().reset(12, 99)));
        assertEquals(12, back.stream());
        assertEquals(99, back.batch().step());
        assertEquals(0, back.batch().size());
    }

    @Test
    void headerAndEnd() {
        TopicHeader h = new TopicHeader(TopicHeader.EVENTS, 3, 700, 4.0, 250, new long[] {5, -1, 19}, "shd_test.h5");
        SpikeRecord back = roundTrip(SpikeRecord.header(h));
        assertEquals(SpikeRecord.Kind.HEADER, back.kind());
        assertTrue(h.sameAs(back.header()));
        assertEquals("shd_test.h5", back.header().source());
        TopicHeader live = new TopicHeader(TopicHeader.OUTPUTS, 1, 2, 0.5, -1, null, null);
        assertTrue(live.sameAs(roundTrip(SpikeRecord.header(live)).header()));
        assertNull(roundTrip(SpikeRecord.header(live)).header().labels());

        SpikeRecord end = roundTrip(SpikeRecord.end(2, 250));
        assertEquals(SpikeRecord.Kind.END, end.kind());
        assertEquals(2, end.stream());
        assertEquals(250, end.endSteps());
    }

    @Test
    void badRecordsAreOneLineErrorsNamingTheTopic() {
        RecordHeaders none = new RecordHeaders();
        assertMessage(() -> de.deserialize("spikes", none, new byte[5]), "topic spikes", "step batch", "5 bytes");
        byte[] claims = SpikeRecordSerializer.encode(new StepBatch().reset(0, 0).add(1, 1f));
        claims[12] = 9; // count 9, but one event's bytes
        assertMessage(() -> de.deserialize("spikes", none, claims), "topic spikes", "claims 9 events");
        RecordHeaders end = new RecordHeaders();
        end.add(SpikeTopic.KIND, SpikeTopic.KIND_END.getBytes(StandardCharsets.UTF_8));
        assertMessage(() -> de.deserialize("spikes", end, new byte[8]), "end record", "12 bytes");
        RecordHeaders header = new RecordHeaders();
        header.add(SpikeTopic.KIND, SpikeTopic.KIND_HEADER.getBytes(StandardCharsets.UTF_8));
        assertMessage(() -> de.deserialize("spikes", header, ("{\"format\":\"elmkit-spikes\",\"version\":1,\"content\":\"events\","
            + "\"num_streams\":2,\"num_channels\":0,\"dt_ms\":1,\"num_steps\":3}").getBytes(StandardCharsets.UTF_8)),
            "num_channels", "0");
        assertMessage(() -> de.deserialize("spikes", header, "[1]".getBytes(StandardCharsets.UTF_8)), "header record");
        RecordHeaders odd = new RecordHeaders();
        odd.add(SpikeTopic.KIND, "nonsense".getBytes(StandardCharsets.UTF_8));
        assertMessage(() -> de.deserialize("spikes", odd, new byte[16]), "elmkit.kind", "nonsense");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... mentions) {
        SerializationException e = assertThrows(SerializationException.class, call);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), e.getMessage() + " should mention " + m);
        }
    }
}
