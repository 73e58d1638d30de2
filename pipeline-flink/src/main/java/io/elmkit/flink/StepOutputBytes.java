package io.elmkit.flink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.CloseableIterator;

/**
 * {@link StepOutput}s on their way to the client (collectAsync) as one byte array each. Flink's
 * collect sink writes a POJO's float array one float at a time into a stream and the client reads it
 * back byte by byte (about a third of the job's CPU time with 100 neurons per stream, measured); a
 * byte array travels as one block. Layout (little-endian): stream int32, step int64, endSteps int64,
 * numOutput int32, output length int32, the outputs float32, spike count int32, the spikes int32.
 */
final class StepOutputBytes implements MapFunction<StepOutput, byte[]> {
    private static final long serialVersionUID = 1L;
    private static final int FIXED_BYTES = 4 + 8 + 8 + 4 + 4 + 4;

    /** The outputs as the client receives them, decoded there. */
    static CloseableIterator<StepOutput> collectAsync(DataStream<StepOutput> outputs, String uid) {
        TypeInformation<byte[]> bytes = PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        CloseableIterator<byte[]> encoded = outputs.map(new StepOutputBytes()).returns(bytes).uid(uid).name(uid).collectAsync();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return encoded.hasNext();
            }

            @Override
            public StepOutput next() {
                return decode(encoded.next());
            }

            @Override
            public void close() throws Exception {
                encoded.close();
            }
        };
    }

    @Override
    public byte[] map(StepOutput o) {
        return encode(o);
    }

    static byte[] encode(StepOutput o) {
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + 4 * (o.output.length + o.spikes.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(o.stream).putLong(o.step).putLong(o.endSteps).putInt(o.numOutput).putInt(o.output.length);
        b.asFloatBuffer().put(o.output);
        b.position(b.position() + 4 * o.output.length);
        b.putInt(o.spikes.length);
        b.asIntBuffer().put(o.spikes);
        return b.array();
    }

    /** The record {@link #encode} wrote (bytes made by this job, so only their consistency is checked). */
    static StepOutput decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        StepOutput o = new StepOutput();
        o.stream = b.getInt();
        o.step = b.getLong();
        o.endSteps = b.getLong();
        o.numOutput = b.getInt();
        int outputs = b.getInt();
        if (outputs < 0 || FIXED_BYTES + 4L * outputs > bytes.length) {
            throw new IllegalStateException("job output record of " + bytes.length + " bytes: output length " + outputs
                + " does not fit");
        }
        o.output = new float[outputs];
        b.asFloatBuffer().get(o.output);
        b.position(b.position() + 4 * outputs);
        int spikes = b.getInt();
        if (spikes < 0 || FIXED_BYTES + 4L * (outputs + (long) spikes) != bytes.length) {
            throw new IllegalStateException("job output record of " + bytes.length + " bytes: " + outputs + " outputs and "
                + spikes + " spikes do not fill it");
        }
        o.spikes = new int[spikes];
        b.asIntBuffer().get(o.spikes);
        return o;
    }
}
