package io.elmkit.flink;

import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Flink's keyed process operator for {@link ElmPopulationFunction}, which keeps each key's neurons
 * live in a stepper between checkpoints instead of loading and saving them per computed run of
 * steps: before Flink snapshots the keyed state (checkpoint or savepoint), every key stepped since
 * the last snapshot writes its neurons' state back into its {@link PopulationState}, so a snapshot
 * holds whole steps exactly as before. The operator's own snapshot runs before the keyed state
 * backend's (StreamOperatorStateHandler), inside the task's thread, with no record in flight.
 */
final class PopulationOperator extends KeyedProcessOperator<Integer, InputStep, StepOutput> {
    private static final long serialVersionUID = 1L;

    PopulationOperator(ElmPopulationFunction function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        // Before the function's open: it writes evicted keys' steppers back into their keyed state.
        ((ElmPopulationFunction) userFunction).keySelector(this::setCurrentKey);
        super.open();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        Object current = getCurrentKey();
        ((ElmPopulationFunction) userFunction).saveLiveStates(this::setCurrentKey);
        if (current != null) {
            setCurrentKey(current);
        }
        super.snapshotState(context);
    }
}
