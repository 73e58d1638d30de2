package io.elmkit.flink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The outputs on their way to the client, many encoded records per collected element: Flink's collect
 * sink coordinator reads each element's length and bytes from an unbuffered socket (two system calls
 * per element, about 4 % of the job's CPU time with one record per stream and step, measured), so the
 * job sends batches. A batch is the records' encodings, each as int32 length (little-endian) then its
 * bytes. A batch goes out before every watermark (a step's outputs reach the client as soon as the
 * step's watermark leaves the populations, no later than without batches), after a stream's end
 * marker (the client drains the job on them), before each checkpoint barrier (the collect sink's
 * exactly-once position counts whole batches), at the end of the input and at {@link #MAX_BYTES}.
 * With {@code --connections}, a step computed when feedback arrives (not at a watermark) goes with
 * the next watermark or end marker: for the live view, at most a step later.
 */
final class ClientBatches extends AbstractStreamOperator<byte[]> implements OneInputStreamOperator<StepOutput, byte[]> {
    private static final long serialVersionUID = 1L;
    /** Bytes after which a batch goes out whatever comes next. */
    static final int MAX_BYTES = 1 << 16;

    private final MapFunction<StepOutput, byte[]> encoder;
    private transient byte[] batch;
    private transient int length;

    ClientBatches(MapFunction<StepOutput, byte[]> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void open() throws Exception {
        super.open();
        batch = new byte[1024];
    }

    @Override
    public void processElement(StreamRecord<StepOutput> element) throws Exception {
        StepOutput o = element.getValue();
        byte[] record = encoder.map(o);
        if (length + 4 + record.length > batch.length) {
            batch = Arrays.copyOf(batch, Math.max(2 * batch.length, length + 4 + record.length));
        }
        ByteBuffer.wrap(batch, length, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(record.length);
        System.arraycopy(record, 0, batch, length + 4, record.length);
        length += 4 + record.length;
        if (o.isEnd() || length >= MAX_BYTES) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (length > 0) {
            output.collect(new StreamRecord<>(Arrays.copyOf(batch, length)));
            length = 0;
        }
    }

    /** The records of one batch, in order; a batch this job did not make is an error naming the offset. */
    static byte[][] split(byte[] batch) {
        int count = 0;
        for (int at = 0; at < batch.length; at += 4 + recordLength(batch, at)) {
            count++;
        }
        byte[][] records = new byte[count][];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int n = recordLength(batch, at);
            records[i] = Arrays.copyOfRange(batch, at + 4, at + 4 + n);
            at += 4 + n;
        }
        return records;
    }

    private static int recordLength(byte[] batch, int at) {
        if (batch.length - at < 4) {
            throw new IllegalStateException("job output batch of " + batch.length + " bytes: a record length at byte " + at
                + " is cut");
        }
        int n = ByteBuffer.wrap(batch, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (n < 0 || n > batch.length - at - 4) {
            throw new IllegalStateException("job output batch of " + batch.length + " bytes: record at byte " + at
                + " says " + n + " bytes, " + (batch.length - at - 4) + " follow");
        }
        return n;
    }
}
