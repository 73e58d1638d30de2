package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;

/**
 * The backward of several sequences in lockstep, one per lane, each already through its forward in
 * its own {@link Bptt}: a block of steps at a time, every lane's stored states are gathered into
 * {@link LaneStates}; per step the {@link LockstepKernel} runs the recurrent part of all lanes, and each lane's first-layer
 * gradient goes back into its sequence's tile; the tiles' products and the synapses' gradients stay
 * per sequence ({@link Bptt#backwardTile}). Each lane adds into its own {@link Gradients}, in the order
 * Bptt.backward would, so the bits are those of one sequence at a time.
 */
final class LockstepBackward {
    /**
     * Models whose MLP layers have at most this many units each (NeuronIO's 40 and 20) gain from
     * lockstep. Wider rows are already vectorised along the row one sequence at a time, where the
     * units with a zero gradient are skipped; the lanes add every unit (SHD's 200 and 100: lockstep
     * 18k against 38k neuron-steps per CPU-second).
     */
    static final int WIDEST_LAYER = 64;

    private LockstepBackward() {
    }

    /** Whether the lockstep pays for {@code model} (its bits are right for every model). */
    static boolean pays(ElmModel model) {
        for (int l = 0; l < model.mlpLayerCount(); l++) {
            if (model.mlpOut(l) > WIDEST_LAYER) {
                return false;
            }
        }
        return true;
    }

    /**
     * Backward of {@code sequences[s]} for s &lt; count (every one of {@code steps} steps, count at
     * most the kernel's lanes), dL/dy from {@code gy[s]} at {@code gyOffset[s]}, added to {@code grads[s]}.
     */
    static void backward(LockstepKernel kernel, Bptt[] sequences, int count, int steps, double[][] gy, int[] gyOffset, Gradients[] grads) {
        LaneStates s = new LaneStates(sequences[0].model(), kernel.lanes());
        for (int lane = 0; lane < count; lane++) {
            sequences[lane].beginBackward();
            moveSums(grads[lane], s, lane, true);
        }
        for (int tileEnd = steps; tileEnd > 0; tileEnd -= TimeTiles.STEPS) {
            int t0 = Math.max(0, tileEnd - TimeTiles.STEPS);
            for (int blockEnd = tileEnd; blockEnd > t0; blockEnd -= LaneStates.BLOCK) {
                int b0 = Math.max(t0, blockEnd - LaneStates.BLOCK);
                for (int lane = 0; lane < count; lane++) {
                    for (int t = blockEnd - 1; t >= b0; t--) {
                        sequences[lane].gatherStep(t, t - b0, gy[lane], gyOffset[lane], s, lane);
                    }
                }
                for (int t = blockEnd - 1; t >= b0; t--) {
                    s.use(t - b0);
                    kernel.step(s);
                    for (int lane = 0; lane < count; lane++) {
                        sequences[lane].takeFirstLayerGradient(t - t0, s, lane);
                    }
                }
            }
            for (int lane = 0; lane < count; lane++) {
                sequences[lane].backwardTile(t0, tileEnd, grads[lane]);
            }
        }
        kernel.finish(s);
        for (int lane = 0; lane < count; lane++) {
            moveSums(grads[lane], s, lane, false);
            sequences[lane].finishBackward(s, lane, grads[lane]);
        }
    }

    /**
     * The sums Bptt adds into the part's gradients step by step (readout bias and weights, layer
     * biases): into lane {@code lane} before the steps ({@code in}), back after them.
     */
    private static void moveSums(Gradients grads, LaneStates s, int lane, boolean in) {
        move(grads.readoutBias, s.readoutBias, s.width, lane, in);
        move(grads.readoutWeight, s.readoutWeightGradient, s.width, lane, in);
        for (int l = 0; l < s.layers; l++) {
            move(grads.mlpBias[l], s.bias[l], s.width, lane, in);
        }
    }

    private static void move(double[] sums, double[] lanes, int width, int lane, boolean in) {
        for (int i = 0, at = lane; i < sums.length; i++, at += width) {
            if (in) {
                lanes[at] = sums[i];
            } else {
                sums[i] = lanes[at];
            }
        }
    }
}
