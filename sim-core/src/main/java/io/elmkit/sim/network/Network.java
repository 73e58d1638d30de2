package io.elmkit.sim.network;

import io.elmkit.sim.engine.Engine;
import java.io.Serializable;

/**
 * Neuron-to-neuron connections between the populations of a run ({@code --connections FILE}, read
 * and checked by {@link NetworkFile}): row {@code r} connects neuron {@code fromNeuron[r]} of stream
 * {@code fromStream[r]} to input {@code channel[r]} of neuron {@code toNeuron[r]} of stream
 * {@code toStream[r]}: a spike of the source at step t adds {@code weight[r]} to that input at step
 * t + {@code delaySteps[r]}. Rows keep the file's order, which fixes the order in which the events of
 * one source's spike are summed (the engine's: see docs/model.md "Connections"). Immutable and
 * serialisable (a Flink job carries it to its tasks).
 */
public final class Network implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] fromStream;
    private final int[] fromNeuron;
    private final int[] toStream;
    private final int[] toNeuron;
    private final int[] channel;
    private final float[] weight;
    private final int[] delaySteps;

    /** Rows already checked (NetworkFile); the arrays are kept, not copied. */
    Network(int[] fromStream, int[] fromNeuron, int[] toStream, int[] toNeuron, int[] channel, float[] weight,
            int[] delaySteps) {
        this.fromStream = fromStream;
        this.fromNeuron = fromNeuron;
        this.toStream = toStream;
        this.toNeuron = toNeuron;
        this.channel = channel;
        this.weight = weight;
        this.delaySteps = delaySteps;
    }

    /** Number of connections (rows). */
    public int size() {
        return fromStream.length;
    }

    public int fromStream(int row) {
        return fromStream[row];
    }

    public int fromNeuron(int row) {
        return fromNeuron[row];
    }

    public int toStream(int row) {
        return toStream[row];
    }

    public int toNeuron(int row) {
        return toNeuron[row];
    }

    public int channel(int row) {
        return channel[row];
    }

    public float weight(int row) {
        return weight[row];
    }

    public int delaySteps(int row) {
        return delaySteps[row];
    }

    /** Rows whose source and target are on different streams. */
    public int crossStreamCount() {
        int n = 0;
        for (int r = 0; r < size(); r++) {
            n += fromStream[r] != toStream[r] ? 1 : 0;
        }
        return n;
    }

    /**
     * Makes every connection on {@code engine}, in row order: {@code ids[s][k]} is the engine's id of
     * neuron k of stream s (what {@link Engine#addNeurons} returned for stream s).
     */
    public void connect(Engine engine, int[][] ids) {
        for (int r = 0; r < size(); r++) {
            engine.connect(ids[fromStream[r]][fromNeuron[r]], ids[toStream[r]][toNeuron[r]], channel[r], weight[r],
                delaySteps[r]);
        }
    }
}
