package io.elmkit.cli.python;

import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.StepOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Writes every step's outputs into buffers that NumPy owns, for the Python engine's callbacks:
 * {@code outputs} float32 (neurons, width), row = neuron id, NaN where a neuron has fewer outputs
 * or is not live; {@code spikes} int32, the ids of the neurons that spiked, {@link #spikeCount()}
 * of them. The Python side replaces the buffers (with {@link #setBuffers}) when neurons are added.
 */
public final class BufferOutputSink implements OutputSink {
    private FloatBuffer outputs;
    private IntBuffer spikes;
    private int neurons;
    private int width;
    private long step = -1;
    private int spikeCount;
    private long steps;

    /** A sink writing into {@code outputs} ({@code neurons} rows of {@code width}) and {@code spikes}. */
    public BufferOutputSink(ByteBuffer outputs, ByteBuffer spikes, int neurons, int width) {
        setBuffers(outputs, spikes, neurons, width);
    }

    /** Points the sink at new buffers of {@code neurons} rows of {@code width} outputs (and {@code neurons} spike slots). */
    public void setBuffers(ByteBuffer outputs, ByteBuffer spikes, int neurons, int width) {
        if (neurons < 0 || width < 1 || outputs.capacity() != (long) neurons * width * Float.BYTES
            || spikes.capacity() != (long) neurons * Integer.BYTES) {
            throw new IllegalArgumentException("output buffers: expected " + neurons + " x " + width + " floats and "
                + neurons + " ints, found " + outputs.capacity() + " and " + spikes.capacity() + " bytes");
        }
        this.outputs = outputs.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.spikes = spikes.duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
        this.neurons = neurons;
        this.width = width;
    }

    @Override
    public void onStep(StepOutputs out) {
        // Every neuron is added through elmkit.Engine, which sizes the buffers: ids are below `neurons`.
        int bound = Math.min(neurons, out.neuronIdBound());
        for (int id = 0; id < neurons; id++) {
            int base = id * width;
            int k = 0;
            if (id < bound && out.isLive(id)) {
                for (int d = Math.min(width, out.numOutput(id)); k < d; k++) {
                    outputs.put(base + k, out.output(id, k));
                }
            }
            for (; k < width; k++) {
                outputs.put(base + k, Float.NaN);
            }
        }
        int n = 0;
        for (int i = 0; i < out.spikeCount(); i++) {
            int id = out.spikeNeuron(i);
            if (id < neurons) {
                spikes.put(n++, id);
            }
        }
        spikeCount = n;
        step = out.step();
        steps++;
    }

    /** Engine step of the outputs in the buffers (-1 before the first). */
    public long step() {
        return step;
    }

    /** Neurons that spiked at {@link #step()} (their ids are the first entries of the spikes buffer). */
    public int spikeCount() {
        return spikeCount;
    }

    /** Steps seen. */
    public long steps() {
        return steps;
    }
}
