package io.elmkit.sim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The neurons one thread steps: blocks of neurons, which input streams feed which slots, and the
 * spikes emitted this step. Changed only between steps by the engine's coordinating thread.
 */
final class Shard {
    final int index;
    final List<NeuronBlock> blocks = new ArrayList<>();
    private int[][] targetBlock = new int[0][];
    private int[][] targetSlot = new int[0][];
    private int[] targetCount = new int[0];
    int[] spikes = new int[64];
    int spikeCount;
    long neuronSteps;

    Shard(int index) {
        this.index = index;
    }

    void subscribe(int globalStream, int block, int slot) {
        if (globalStream >= targetCount.length) {
            int size = Math.max(globalStream + 1, targetCount.length * 2);
            targetBlock = Arrays.copyOf(targetBlock, size);
            targetSlot = Arrays.copyOf(targetSlot, size);
            targetCount = Arrays.copyOf(targetCount, size);
        }
        int n = targetCount[globalStream];
        if (targetBlock[globalStream] == null) {
            targetBlock[globalStream] = new int[4];
            targetSlot[globalStream] = new int[4];
        } else if (n == targetBlock[globalStream].length) {
            targetBlock[globalStream] = Arrays.copyOf(targetBlock[globalStream], n * 2);
            targetSlot[globalStream] = Arrays.copyOf(targetSlot[globalStream], n * 2);
        }
        targetBlock[globalStream][n] = block;
        targetSlot[globalStream][n] = slot;
        targetCount[globalStream] = n + 1;
    }

    void unsubscribe(int globalStream, int block, int slot) {
        int n = targetCount[globalStream];
        for (int k = 0; k < n; k++) {
            if (targetBlock[globalStream][k] == block && targetSlot[globalStream][k] == slot) {
                // Keep the order of the others (event order per neuron is part of determinism).
                System.arraycopy(targetBlock[globalStream], k + 1, targetBlock[globalStream], k, n - k - 1);
                System.arraycopy(targetSlot[globalStream], k + 1, targetSlot[globalStream], k, n - k - 1);
                targetCount[globalStream] = n - 1;
                return;
            }
        }
    }

    /** Gathers this step's events for the shard's neurons, steps every block, applies spike rules. */
    void runStep(StepInput input, DelayLine.Bucket arriving, NeuronRef[] refs) {
        int[] streams = input.id;
        int[] channels = input.channel;
        float[] values = input.value;
        for (int e = 0, n = input.count; e < n; e++) {
            int s = streams[e];
            if (s < targetCount.length) {
                int[] tb = targetBlock[s];
                int[] ts = targetSlot[s];
                for (int k = 0, m = targetCount[s]; k < m; k++) {
                    blocks.get(tb[k]).events.add(ts[k], channels[e], values[e]);
                }
            }
        }
        for (int e = 0, n = arriving.count; e < n; e++) {
            NeuronRef ref = refs[arriving.id[e]];
            if (ref != null && ref.shard == index) {
                blocks.get(ref.block).events.add(ref.slot, arriving.channel[e], arriving.value[e]);
            }
        }
        spikeCount = 0;
        for (int b = 0, nb = blocks.size(); b < nb; b++) {
            NeuronBlock block = blocks.get(b);
            block.step();
            neuronSteps += block.live();
            for (int slot = 0; slot < block.capacity; slot++) {
                SpikeRule rule = block.rule[slot];
                if (rule == null) {
                    continue;
                }
                if (block.refractoryLeft[slot] > 0) {
                    block.refractoryLeft[slot]--;
                } else if (rule.fires(block.output[slot * block.numOutput + rule.outputIndex()])) {
                    block.refractoryLeft[slot] = rule.refractorySteps();
                    if (spikeCount == spikes.length) {
                        spikes = Arrays.copyOf(spikes, spikeCount * 2);
                    }
                    spikes[spikeCount++] = block.neuronId[slot];
                }
            }
        }
    }
}
