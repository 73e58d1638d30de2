package io.elmkit.sim.engine;

/**
 * A source of spike events for the engine, organised as numbered streams (a sample, an electrode, a
 * live producer). The engine asks for one time step at a time, in order; the input either hands over
 * every event of that step (for all its streams) or says the step is not complete yet (a live source
 * still waiting for data) or that the input has ended. Inputs are polled from the engine's
 * coordinating thread only.
 */
public interface SpikeInput extends AutoCloseable {
    /** {@link #poll}: every event of the step was delivered. */
    int READY = 1;
    /** {@link #poll}: the step is not complete yet; nothing was delivered; ask again later. */
    int NOT_YET = 0;
    /** {@link #poll}: the input has no more steps; nothing was delivered. */
    int END = -1;

    /** Receives the events of a step. */
    @FunctionalInterface
    interface Events {
        /** One event of the step: {@code value} on {@code channel} of {@code stream}. */
        void onEvent(int stream, int channel, float value);
    }

    /** Streams this input carries (stream ids 0 .. numStreams - 1). */
    int numStreams();

    /** Input channels of each stream (the model's num_input must match). */
    int numChannels();

    /** Time step in ms, or NaN when the source does not say. */
    double dtMs();

    /** Steps this input will deliver, or -1 when unknown (a live source). */
    long numSteps();

    /**
     * Delivers the events of {@code step} (steps are asked for in order 0, 1, 2, ...: local steps of
     * this input) and returns {@link #READY}, or returns {@link #NOT_YET} / {@link #END} having
     * delivered nothing.
     */
    int poll(long step, Events sink);

    /** A name for messages (the file, the ring). */
    String describe();

    @Override
    default void close() {
    }
}
