package io.elmkit.cli.live;

import io.elmkit.sim.engine.StepOutputs;

/**
 * What a running simulation hands the live view, all from ONE thread (the engine's coordinating
 * thread for {@code run} and {@code demo}; a Flink job's sink subtask would call the same methods
 * from its own thread). Calls must be cheap: implementations copy into preallocated buffers and
 * never block, allocate or lock.
 *
 * <p>Per step: {@link #inputEvent} for each input event of the step about to run, then
 * {@link #onStep}; finally {@link #onEnd}.
 */
public interface LiveFeed {
    /** The stream whose input events the view currently shows (others need not be reported). */
    int watchedStream();

    /** An input event of the step after the last {@link #onStep} (global stream id). */
    void inputEvent(int stream, int channel);

    /** The outputs of a step (steps in increasing order). */
    void onStep(StepOutputs outputs);

    /** The run has ended after {@code steps} steps. */
    void onEnd(long steps);
}
