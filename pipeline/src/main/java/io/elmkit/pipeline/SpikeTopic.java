package io.elmkit.pipeline;

import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;

/**
 * The spike-topic format (docs/formats.md, Spike topics). One record = one step batch of one
 * stream: key = the stream id (int32 big-endian, Kafka's IntegerSerializer, so the default
 * partitioner keeps a stream in one partition and its steps in order), value = the step-batch codec
 * of {@link io.elmkit.io.event.StepBatchCodec} (times optional), no record header. Records of a
 * stream come in strictly increasing step; a record of step s also says that the stream has nothing
 * more up to s (a producer sends empty batches for silent steps when consumers should not wait for
 * the next event). A header record (record header {@code elmkit.kind = header}, no key, value =
 * {@link TopicHeader} JSON) is written to every partition before any batch; an end record per
 * stream (key = stream id, {@code elmkit.kind = end}, value = int32 stream id and int64 step count, little-endian) comes
 * after its last batch. Outputs topics are the same with stream = sample and every neuron of the
 * stream in one batch: channel {@code j * num_output + k} = output k of neuron j ({@link
 * TopicHeader#neurons()} neurons per stream), and a record header {@code elmkit.spike} on a batch
 * whose neurons spiked at that step, its value their indices j (int32 little-endian, increasing; an
 * empty value, as one-neuron topics wrote it before, is neuron 0).
 */
public final class SpikeTopic {
    /** Record header naming a record's kind ({@link #KIND_HEADER}, {@link #KIND_END}); absent on batches. */
    public static final String KIND = "elmkit.kind";
    /** Value of the {@code elmkit.kind} record header on a header record. */
    public static final String KIND_HEADER = "header";
    /** Value of the {@code elmkit.kind} record header on an end record. */
    public static final String KIND_END = "end";
    /** Record header on an outputs batch some of whose neurons spiked at that step: their indices, int32 LE each. */
    public static final String SPIKE = "elmkit.spike";

    /** Key serializer: the stream id. */
    public static final Class<IntegerSerializer> KEY_SERIALIZER = IntegerSerializer.class;
    /** Kafka deserializer of the key (the stream id). */
    public static final Class<IntegerDeserializer> KEY_DESERIALIZER = IntegerDeserializer.class;
    /** Kafka serializer of the value. */
    public static final Class<SpikeRecordSerializer> VALUE_SERIALIZER = SpikeRecordSerializer.class;
    /** Kafka deserializer of the value. */
    public static final Class<SpikeRecordDeserializer> VALUE_DESERIALIZER = SpikeRecordDeserializer.class;

    private SpikeTopic() {
    }
}
