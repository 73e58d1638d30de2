package io.elmkit.flink;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the input on and copies each stream's end-of-stream record to every other stream's key as
 * an end notice ({@link InputStep#endNotice}). The engine steps every neuron until the last stream
 * ends (an ended stream's neurons get no input events, but still the spikes of their connections,
 * and send theirs); a key learns from the notices how long that is. For inputs whose streams may end
 * at different steps (a spike topic); an events file's streams all end at its num_steps. One notice
 * per (stream, other stream): streams x (streams - 1) small records over a run, at the streams' ends.
 */
final class EndsToEveryStream implements FlatMapFunction<InputStep, InputStep> {
    private static final long serialVersionUID = 1L;

    private final int streams;

    EndsToEveryStream(int streams) {
        this.streams = streams;
    }

    @Override
    public void flatMap(InputStep r, Collector<InputStep> out) {
        out.collect(r);
        if (r.isEnd() && !r.isFeedback() && !r.isEndNotice()) {
            for (int to = 0; to < streams; to++) {
                if (to != r.stream) {
                    out.collect(InputStep.endNotice(to, r.stream, r.endSteps));
                }
            }
        }
    }
}
