package io.elmkit.flink;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Counts the records that arrived after their step was computed (the {@link ElmPopulationFunction#LATE}
 * side output) in the job's accumulators, with the first few described, so the client can fail
 * the run naming them; a cluster shows them in the web UI's accumulators.
 */
final class LateRecords extends RichMapFunction<InputStep, InputStep> {
    private static final long serialVersionUID = 1L;
    static final String COUNT = "late-records";
    static final String FIRST = "late-records-first";
    private static final int DESCRIBED = 5;

    private transient LongCounter count;
    private transient ListAccumulator<String> first;

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getLongCounter(COUNT);
        first = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(FIRST, first);
    }

    @Override
    public InputStep map(InputStep r) {
        count.add(1);
        if (first.getLocalValue().size() < DESCRIBED) {
            first.add(r.toString());
        }
        return r;
    }
}
