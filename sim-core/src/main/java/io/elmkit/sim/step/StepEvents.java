package io.elmkit.sim.step;

/**
 * The input events of one time step for a batch of neurons: (neuron, channel, value) triples in
 * any order. Reusable: {@link #clear()} and refill every step; arrays grow as needed, so a steady
 * stream allocates nothing.
 */
public final class StepEvents {
    private int[] neuron;
    private int[] channel;
    private float[] value;
    private int count;

    /** An empty list with room for a few events. */
    public StepEvents() {
        this(64);
    }

    /** An empty list with room for {@code initialCapacity} events before it grows. */
    public StepEvents(int initialCapacity) {
        int capacity = Math.max(1, initialCapacity);
        neuron = new int[capacity];
        channel = new int[capacity];
        value = new float[capacity];
    }

    /** Empties the list, keeping its arrays. */
    public void clear() {
        count = 0;
    }

    /** Adds one event; values add up when a (neuron, channel) pair appears twice. */
    public void add(int neuronIndex, int channelIndex, float eventValue) {
        if (count == neuron.length) {
            grow();
        }
        neuron[count] = neuronIndex;
        channel[count] = channelIndex;
        value[count] = eventValue;
        count++;
    }

    private void grow() {
        int capacity = neuron.length * 2;
        neuron = java.util.Arrays.copyOf(neuron, capacity);
        channel = java.util.Arrays.copyOf(channel, capacity);
        value = java.util.Arrays.copyOf(value, capacity);
    }

    /**
     * Replaces the events with the non-zero entries of dense rows: neuron b's row starts at
     * {@code offset + b * neuronStride} and holds {@code numInput} values.
     */
    public void fillFromDense(float[] input, int offset, int neuronStride, int batch, int numInput) {
        clear();
        for (int b = 0; b < batch; b++) {
            int row = offset + b * neuronStride;
            for (int c = 0; c < numInput; c++) {
                float v = input[row + c];
                if (v != 0f) {
                    add(b, c, v);
                }
            }
        }
    }

    /** Number of events. */
    public int size() {
        return count;
    }

    /** The neuron of event i. */
    public int neuron(int i) {
        return neuron[i];
    }

    /** The input channel of event i. */
    public int channel(int i) {
        return channel[i];
    }

    /** The value of event i. */
    public float value(int i) {
        return value[i];
    }
}
