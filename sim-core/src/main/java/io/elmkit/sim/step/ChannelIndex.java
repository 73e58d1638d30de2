package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * The routing inverted: for each input channel c, the synapses it feeds (valid routes only), in
 * increasing synapse order, as {@code synapse[start[c]] .. synapse[start[c + 1] - 1]}. The one
 * channel-to-synapse index of the event stepper and the training forward and backward.
 *
 * @param start offsets into {@code synapse} per channel, d_in + 1 values (do not modify)
 * @param synapse synapse numbers grouped by the channel that feeds them (do not modify)
 */
public record ChannelIndex(int[] start, int[] synapse) {
    /** The index of a model's routing. */
    public static ChannelIndex of(ElmModel model) {
        int numInput = model.numInput();
        int numSynapses = model.numSynapses();
        int[] route = model.routeIndex();
        boolean[] valid = model.routeValid();
        int[] start = new int[numInput + 1];
        for (int s = 0; s < numSynapses; s++) {
            if (valid == null || valid[s]) {
                start[(route == null ? s : route[s]) + 1]++;
            }
        }
        for (int c = 0; c < numInput; c++) {
            start[c + 1] += start[c];
        }
        int[] synapse = new int[start[numInput]];
        int[] fill = Arrays.copyOf(start, numInput);
        for (int s = 0; s < numSynapses; s++) {
            if (valid == null || valid[s]) {
                synapse[fill[route == null ? s : route[s]]++] = s;
            }
        }
        return new ChannelIndex(start, synapse);
    }
}
