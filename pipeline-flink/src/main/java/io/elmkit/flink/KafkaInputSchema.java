package io.elmkit.flink;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeRecordDeserializer;
import io.elmkit.pipeline.TopicHeader;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Spike-topic records (docs/formats.md, Spike topics) into {@link InputStep}s: step batches and
 * end records pass, header records are
 * checked against the header the client read and dropped.
 * A record that breaks the format fails the job with the one-line message naming topic, partition
 * and offset (the job's restart strategy gives up after a few tries: a bad record stays bad).
 */
final class KafkaInputSchema implements KafkaRecordDeserializationSchema<InputStep> {
    private static final long serialVersionUID = 1L;

    private final int numStreams;
    private final int numChannels;

    KafkaInputSchema(TopicHeader header) {
        this.numStreams = header.numStreams();
        this.numChannels = header.numChannels();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputStep> out) throws IOException {
        String where = "topic " + record.topic() + " partition " + record.partition() + " offset " + record.offset();
        SpikeRecord r = SpikeRecordDeserializer.decode(where, record.headers(), record.value());
        switch (r.kind()) {
            case HEADER:
                if (r.header().numStreams() != numStreams || r.header().numChannels() != numChannels) {
                    throw new InputFormatException(where, "header record", numStreams + " streams x " + numChannels
                        + " channels (as partition 0's header)", r.header().numStreams() + " x " + r.header().numChannels());
                }
                return;
            case END:
                checkStream(where, r.stream());
                out.collect(InputStep.end(r.stream(), r.endSteps()));
                return;
            default:
                StepBatch b = r.batch();
                checkStream(where, b.streamId());
                int[] channel = new int[b.size()];
                float[] value = new float[b.size()];
                for (int i = 0; i < b.size(); i++) {
                    int c = b.channel(i);
                    float v = b.value(i);
                    if (c < 0 || c >= numChannels) {
                        throw new InputFormatException(where, "channel[" + i + "]", "0 .. " + (numChannels - 1), Integer.toString(c));
                    }
                    if (!Float.isFinite(v)) {
                        throw new InputFormatException(where, "value[" + i + "]", "a finite number", Float.toString(v));
                    }
                    channel[i] = c;
                    value[i] = v;
                }
                out.collect(InputStep.batch(b.streamId(), b.step(), channel, value));
        }
    }

    private void checkStream(String where, int stream) throws InputFormatException {
        if (stream >= numStreams) {
            throw new InputFormatException(where, "stream", "0 .. " + (numStreams - 1) + " (num_streams of the header)",
                Integer.toString(stream));
        }
    }

    @Override
    public TypeInformation<InputStep> getProducedType() {
        return TypeInformation.of(InputStep.class);
    }
}
