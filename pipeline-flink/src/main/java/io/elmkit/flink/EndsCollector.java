package io.elmkit.flink;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The topic's stream ends, in one place (parallelism 1): once every stream's end record has come it
 * sends each stream's key one notice, "every stream has ended, the last after L steps"
 * ({@link InputStep#allEnded}). A key needs no other stream's end: it steps past its own as the
 * watermark allows, and ends at L (the engine's last step). One bit per stream here and one notice
 * per stream over a run, rather than every end to every key. The bits, the latest end and whether
 * the notices went out are checkpointed: after a restore, the ends read before are still known.
 */
final class EndsCollector extends ProcessFunction<InputStep, InputStep> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final int streams;
    /** Word 0: the latest end (-1: none); word 1: 1 once the notices went out; then a bit per ended stream. */
    private transient long[] ends;
    private transient int known;
    private transient ListState<long[]> saved;

    EndsCollector(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("the ends of every stream: expected at least one stream, found " + streams);
        }
        this.streams = streams;
    }

    /** Whether {@code r} goes to the collector: a stream's own end record (not a notice, not a feedback end). */
    static boolean isStreamEnd(InputStep r) {
        return r.isEnd() && !r.isFeedback() && !r.isEndNotice();
    }

    @Override
    public void processElement(InputStep r, Context ctx, Collector<InputStep> out) {
        int s = r.stream;
        if (s < 0 || s >= streams) {
            throw new IllegalStateException("end of stream " + s + ": expected a stream 0 .. " + (streams - 1));
        }
        long bit = 1L << (s & 63);
        if ((ends[2 + (s >>> 6)] & bit) != 0) {
            return; // a repeat (a producer that retried); a different count is the stream's key's error
        }
        ends[2 + (s >>> 6)] |= bit;
        known++;
        ends[0] = Math.max(ends[0], r.endSteps);
        if (known == streams && ends[1] == 0) {
            ends[1] = 1;
            for (int to = 0; to < streams; to++) {
                out.collect(InputStep.allEnded(to, ends[0]));
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        saved.update(java.util.List.of(ends.clone()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        saved = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("stream-ends",
            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        ends = new long[2 + ((streams + 63) >>> 6)];
        ends[0] = -1;
        for (long[] e : saved.get()) {
            if (e.length != ends.length) {
                throw new IllegalStateException("the stream ends in the job's state: expected " + streams
                    + " streams' bits, found " + ((e.length - 2) * 64) + " (a savepoint of another topic?)");
            }
            System.arraycopy(e, 0, ends, 0, ends.length);
        }
        // No state after a restore: a savepoint of an elmkit that kept no ends here; the keys refuse it
        // (ElmPopulationFunction.checkedLayout), since Flink may not even tell this task it was restored.
        known = 0;
        for (int w = 2; w < ends.length; w++) {
            known += Long.bitCount(ends[w]);
        }
    }
}
