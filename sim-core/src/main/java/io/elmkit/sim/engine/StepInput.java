package io.elmkit.sim.engine;

/** The input events of the current step, gathered from every input (id = global stream id). Reused every step. */
final class StepInput extends EventList implements SpikeInput.Events {
    /** Added to the stream ids of the input being polled. */
    int streamBase;

    StepInput() {
        super(1024);
    }

    @Override
    public void onEvent(int localStream, int eventChannel, float eventValue) {
        add(streamBase + localStream, eventChannel, eventValue);
    }
}
