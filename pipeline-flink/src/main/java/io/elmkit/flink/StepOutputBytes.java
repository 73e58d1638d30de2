package io.elmkit.flink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.CloseableIterator;

/**
 * {@link StepOutput}s on their way to the client (collectAsync) as one byte array each. Flink's
 * collect sink writes a POJO's float array one float at a time into a stream and the client reads it
 * back byte by byte (about a third of the job's CPU time with 100 neurons per stream, measured); a
 * byte array travels as one block (and many of them in one batch, {@link ClientBatches}). Layout (little-endian): stream int32, step int64, endSteps int64,
 * numOutput int32, output length int32, the outputs float32, spike count int32, the spikes int32.
 */
final class StepOutputBytes implements MapFunction<StepOutput, byte[]> {
    private static final long serialVersionUID = 1L;
    private static final int FIXED_BYTES = 4 + 8 + 8 + 4 + 4 + 4;
    /** Bytes after the spikes of a {@link FirstNeuron} record: its copy mismatches, int64. */
    private static final int MISMATCH_BYTES = 8;

    /** The outputs as the client receives them, decoded there. */
    static CloseableIterator<StepOutput> collectAsync(DataStream<StepOutput> outputs, String uid) {
        return new Decoded(toClient(outputs, new StepOutputBytes(), uid), StepOutputBytes::decode);
    }

    /** {@code outputs} encoded by {@code encoder} on the job and collected, in batches ({@link ClientBatches}), on the client. */
    private static CloseableIterator<byte[]> toClient(DataStream<StepOutput> outputs, MapFunction<StepOutput, byte[]> encoder,
                                                      String uid) {
        return outputs.transform(uid, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, new ClientBatches(encoder))
            .uid(uid).collectAsync();
    }

    /** The client's iterator over collected records (unpacked from their batches), each decoded as it is taken. */
    private static class Decoded implements CloseableIterator<StepOutput> {
        private final CloseableIterator<byte[]> batches;
        private final Function<byte[], StepOutput> decoder;
        private byte[][] records = new byte[0][];
        private int next;

        Decoded(CloseableIterator<byte[]> batches, Function<byte[], StepOutput> decoder) {
            this.batches = batches;
            this.decoder = decoder;
        }

        @Override
        public boolean hasNext() {
            while (next == records.length && batches.hasNext()) {
                records = ClientBatches.split(batches.next());
                next = 0;
            }
            return next < records.length;
        }

        @Override
        public StepOutput next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return decoder.apply(records[next++]);
        }

        @Override
        public void close() throws Exception {
            batches.close();
        }
    }

    @Override
    public byte[] map(StepOutput o) {
        return encode(o);
    }

    static byte[] encode(StepOutput o) {
        return encode(o, o.output.length, 0).array();
    }

    /** The layout above with the first {@code outputs} values of {@code o.output}, and {@code extraBytes} left at the end. */
    private static ByteBuffer encode(StepOutput o, int outputs, int extraBytes) {
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + 4 * (outputs + o.spikes.length) + extraBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(o.stream).putLong(o.step).putLong(o.endSteps).putInt(o.numOutput).putInt(outputs);
        b.asFloatBuffer().put(o.output, 0, outputs);
        b.position(b.position() + 4 * outputs);
        b.putInt(o.spikes.length);
        b.asIntBuffer().put(o.spikes);
        b.position(b.position() + 4 * o.spikes.length);
        return b;
    }

    /**
     * The outputs for an {@code .npz}, which holds each stream's first neuron only: the job sends that
     * neuron's values and how many values of the other neurons differ from them (bit for bit), instead
     * of every neuron's (100 neurons per stream: a hundredth of the bytes to encode, send and decode).
     */
    static final class FirstNeuron implements MapFunction<StepOutput, byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] map(StepOutput o) {
            return encode(o);
        }

        static byte[] encode(StepOutput o) {
            int first = Math.min(o.numOutput, o.output.length);
            long mismatches = 0;
            for (int at = first; first > 0 && at + first <= o.output.length; at += first) {
                for (int j = 0; j < first; j++) {
                    if (Float.floatToRawIntBits(o.output[at + j]) != Float.floatToRawIntBits(o.output[j])) {
                        mismatches++;
                    }
                }
            }
            ByteBuffer b = StepOutputBytes.encode(o, first, MISMATCH_BYTES);
            b.putLong(mismatches);
            return b.array();
        }
    }

    /** A {@link FirstNeuron} record: the step's first neuron's outputs; its copy mismatches added to {@code mismatches[0]}. */
    static StepOutput decodeFirstNeuron(byte[] bytes, long[] mismatches) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        StepOutput o = decode(b, bytes.length, MISMATCH_BYTES);
        long m = b.getLong();
        if (m < 0) {
            throw new IllegalStateException("job output record of " + bytes.length + " bytes: copy mismatches " + m + " < 0");
        }
        mismatches[0] += m;
        return o;
    }

    /**
     * The outputs as the client receives them for an {@code .npz}: each record with its stream's first
     * neuron's outputs only; {@link #copyMismatches} counts the other neurons' values that differed.
     */
    static final class FirstNeuronOutputs extends Decoded {
        private final long[] mismatches;

        FirstNeuronOutputs(DataStream<StepOutput> outputs, String uid) {
            this(toClient(outputs, new FirstNeuron(), uid), new long[1]);
        }

        private FirstNeuronOutputs(CloseableIterator<byte[]> encoded, long[] mismatches) {
            super(encoded, bytes -> decodeFirstNeuron(bytes, mismatches));
            this.mismatches = mismatches;
        }

        /** Output values of neuron copies that differed from their stream's first neuron so far. */
        long copyMismatches() {
            return mismatches[0];
        }
    }

    /** The record {@link #encode} wrote (bytes made by this job, so only their consistency is checked). */
    static StepOutput decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length, 0);
    }

    /** Reads the layout above from {@code b} ({@code length} bytes, the last {@code extraBytes} of them not read here). */
    private static StepOutput decode(ByteBuffer b, int length, int extraBytes) {
        int fixed = FIXED_BYTES + extraBytes;
        StepOutput o = new StepOutput();
        o.stream = b.getInt();
        o.step = b.getLong();
        o.endSteps = b.getLong();
        o.numOutput = b.getInt();
        int outputs = b.getInt();
        if (outputs < 0 || fixed + 4L * outputs > length) {
            throw new IllegalStateException("job output record of " + length + " bytes: output length " + outputs
                + " does not fit");
        }
        o.output = new float[outputs];
        b.asFloatBuffer().get(o.output);
        b.position(b.position() + 4 * outputs);
        int spikes = b.getInt();
        if (spikes < 0 || fixed + 4L * (outputs + (long) spikes) != length) {
            throw new IllegalStateException("job output record of " + length + " bytes: " + outputs + " outputs and "
                + spikes + " spikes do not fill it");
        }
        o.spikes = new int[spikes];
        b.asIntBuffer().get(o.spikes);
        b.position(b.position() + 4 * spikes);
        return o;
    }
}
