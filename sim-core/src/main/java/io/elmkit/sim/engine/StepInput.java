package io.elmkit.sim.engine;

import java.util.Arrays;

/** The input events of the current step, gathered from every input (global stream ids). Reused every step. */
final class StepInput implements SpikeInput.Events {
    int[] stream = new int[1024];
    int[] channel = new int[1024];
    float[] value = new float[1024];
    int count;
    /** Added to the stream ids of the input being polled. */
    int streamBase;

    void clear() {
        count = 0;
    }

    @Override
    public void onEvent(int localStream, int eventChannel, float eventValue) {
        if (count == stream.length) {
            int capacity = count * 2;
            stream = Arrays.copyOf(stream, capacity);
            channel = Arrays.copyOf(channel, capacity);
            value = Arrays.copyOf(value, capacity);
        }
        stream[count] = streamBase + localStream;
        channel[count] = eventChannel;
        value[count] = eventValue;
        count++;
    }
}
