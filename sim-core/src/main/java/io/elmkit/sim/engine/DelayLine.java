package io.elmkit.sim.engine;

/**
 * Spikes in flight between neurons: events (target neuron, channel, value) filed under the step at
 * which they arrive, in a ring of per-step buckets that grows with the longest delay.
 */
final class DelayLine {
    /** The events (id = target neuron) arriving at one step. */
    static final class Bucket extends EventList {
        Bucket() {
            super(64);
        }
    }

    private Bucket[] buckets = {new Bucket(), new Bucket()};

    /** The events arriving at {@code step}. */
    Bucket at(long step) {
        return buckets[(int) (step % buckets.length)];
    }

    /** Files an event to arrive at {@code now + delay} (delay >= 1). */
    void schedule(long now, int delay, int target, int channel, float value) {
        if (delay >= buckets.length) {
            grow(now, delay + 1);
        }
        at(now + delay).add(target, channel, value);
    }

    private void grow(long now, int minimum) {
        int size = Math.max(minimum, buckets.length * 2);
        Bucket[] grown = new Bucket[size];
        // Keep every pending bucket at its arrival step's new position.
        for (int d = 0; d < buckets.length; d++) {
            grown[(int) ((now + d) % size)] = buckets[(int) ((now + d) % buckets.length)];
        }
        for (int i = 0; i < size; i++) {
            if (grown[i] == null) {
                grown[i] = new Bucket();
            }
        }
        buckets = grown;
    }
}
