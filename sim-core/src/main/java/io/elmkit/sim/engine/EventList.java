package io.elmkit.sim.engine;

import java.util.Arrays;

/**
 * Events (id, channel, value) in parallel arrays that double when full and are reused from step to
 * step: the input events of a step (id = global stream) and the spikes arriving at a step (id =
 * target neuron). Fields are read directly by the shards' loops.
 */
class EventList {
    int[] id;
    int[] channel;
    float[] value;
    int count;

    EventList(int capacity) {
        id = new int[capacity];
        channel = new int[capacity];
        value = new float[capacity];
    }

    final void add(int eventId, int eventChannel, float eventValue) {
        if (count == id.length) {
            int capacity = count * 2;
            id = Arrays.copyOf(id, capacity);
            channel = Arrays.copyOf(channel, capacity);
            value = Arrays.copyOf(value, capacity);
        }
        id[count] = eventId;
        channel[count] = eventChannel;
        value[count] = eventValue;
        count++;
    }

    final void clear() {
        count = 0;
    }
}
