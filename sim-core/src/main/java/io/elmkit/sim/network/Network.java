package io.elmkit.sim.network;

import io.elmkit.sim.engine.Engine;
import java.io.Serializable;

/**
 * Neuron-to-neuron connections between the populations of a run ({@code --connections FILE}, read
 * and checked by {@link NetworkFile}), one row per connection in parallel arrays: row {@code r}
 * connects neuron {@code fromNeuron[r]} of stream {@code fromStream[r]} to input {@code channel[r]} of
 * neuron {@code toNeuron[r]} of stream {@code toStream[r]}: a spike of the source at step t adds
 * {@code weight[r]} to that input at step t + {@code delaySteps[r]}. Rows keep the file's order,
 * which fixes the order in which the events of one source's spike are summed (the engine's: see
 * docs/formats.md "Connections file"). Serialisable (a Flink job carries it to its tasks); the arrays
 * are shared, not copied: do not change them.
 */
public record Network(int[] fromStream, int[] fromNeuron, int[] toStream, int[] toNeuron, int[] channel, float[] weight,
                      int[] delaySteps) implements Serializable {
    /** Checks that every array has one value per row and every delay is at least one step. */
    public Network {
        int rows = fromStream.length;
        if (fromNeuron.length != rows || toStream.length != rows || toNeuron.length != rows || channel.length != rows
            || weight.length != rows || delaySteps.length != rows) {
            throw new IllegalArgumentException("network: every array needs one value per connection (" + rows + ")");
        }
        for (int d : delaySteps) {
            if (d < 1) {
                throw new IllegalArgumentException("network: delays must be at least one step, found " + d);
            }
        }
    }

    /** Number of connections (rows). */
    public int size() {
        return fromStream.length;
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
