package io.elmkit.sim.engine;

/**
 * Receives the engine's outputs after every step, on the engine's coordinating thread. A sink that
 * takes its time slows the engine down (and, through full input rings, the producers): outputs are
 * never skipped. Read what you need during the call; the view is reused.
 */
public interface OutputSink extends AutoCloseable {
    /** The outputs (and spikes) of every live neuron at {@code outputs.step()}. */
    void onStep(StepOutputs outputs);

    /** The run has ended after {@code steps} steps (inputs exhausted or stopped). */
    default void onEnd(long steps) {
    }

    @Override
    default void close() {
    }
}
