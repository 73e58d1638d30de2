package io.elmkit.sim.engine;

import io.elmkit.sim.step.EventStepper;
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
    /**
     * The listeners of each global stream, grouped by block: group g of stream s is block
     * {@code groupBlock[s][g]}, whose slots {@code groupSlots[s][g][0 .. groupSlotCount[s][g] - 1]}
     * listen to s. A stream's event is then noted once per block, not once per neuron.
     */
    private int[][] groupBlock = new int[0][];
    private int[][][] groupSlots = new int[0][][];
    private int[][] groupSlotCount = new int[0][];
    private int[] groupCount = new int[0];
    /**
     * Per group, the input sum its slots share this step (blocks whose stepper
     * {@link io.elmkit.sim.step.EventStepper#sharesInputSums}, else null), and the step it was last
     * zeroed in: every slot of a group receives the same events, so their sum is computed once.
     */
    private double[][][] groupSum = new double[0][][];
    private long[][] groupStamp = new long[0][];
    private long stepCount;
    int[] spikes = new int[64];
    int spikeCount;
    long neuronSteps;

    Shard(int index) {
        this.index = index;
    }

    void subscribe(int globalStream, int block, int slot) {
        if (globalStream >= groupCount.length) {
            int size = Math.max(globalStream + 1, groupCount.length * 2);
            groupBlock = Arrays.copyOf(groupBlock, size);
            groupSlots = Arrays.copyOf(groupSlots, size);
            groupSlotCount = Arrays.copyOf(groupSlotCount, size);
            groupCount = Arrays.copyOf(groupCount, size);
            groupSum = Arrays.copyOf(groupSum, size);
            groupStamp = Arrays.copyOf(groupStamp, size);
        }
        int s = globalStream;
        int groups = groupCount[s];
        int g = 0;
        while (g < groups && groupBlock[s][g] != block) {
            g++;
        }
        if (g == groups) {
            if (groupBlock[s] == null) {
                groupBlock[s] = new int[2];
                groupSlots[s] = new int[2][];
                groupSlotCount[s] = new int[2];
                groupSum[s] = new double[2][];
                groupStamp[s] = new long[2];
            } else if (groups == groupBlock[s].length) {
                groupBlock[s] = Arrays.copyOf(groupBlock[s], groups * 2);
                groupSlots[s] = Arrays.copyOf(groupSlots[s], groups * 2);
                groupSlotCount[s] = Arrays.copyOf(groupSlotCount[s], groups * 2);
                groupSum[s] = Arrays.copyOf(groupSum[s], groups * 2);
                groupStamp[s] = Arrays.copyOf(groupStamp[s], groups * 2);
            }
            groupBlock[s][g] = block;
            EventStepper stepper = blocks.get(block).stepper;
            groupSum[s][g] = stepper.sharesInputSums() ? stepper.newSum() : null;
            groupStamp[s][g] = -1;
            groupSlots[s][g] = new int[4];
            groupSlotCount[s][g] = 0;
            groupCount[s] = groups + 1;
        }
        int n = groupSlotCount[s][g];
        if (n == groupSlots[s][g].length) {
            groupSlots[s][g] = Arrays.copyOf(groupSlots[s][g], n * 2);
        }
        groupSlots[s][g][n] = slot;
        groupSlotCount[s][g] = n + 1;
    }

    void unsubscribe(int globalStream, int block, int slot) {
        int s = globalStream;
        for (int g = 0, groups = groupCount[s]; g < groups; g++) {
            if (groupBlock[s][g] != block) {
                continue;
            }
            int[] slots = groupSlots[s][g];
            int n = groupSlotCount[s][g];
            for (int k = 0; k < n; k++) {
                if (slots[k] == slot) {
                    System.arraycopy(slots, k + 1, slots, k, n - k - 1);
                    groupSlotCount[s][g] = n - 1;
                    break;
                }
            }
            if (groupSlotCount[s][g] == 0) {
                // The block no longer listens: drop its group (events are only noted during a step).
                System.arraycopy(groupBlock[s], g + 1, groupBlock[s], g, groups - g - 1);
                System.arraycopy(groupSlots[s], g + 1, groupSlots[s], g, groups - g - 1);
                System.arraycopy(groupSlotCount[s], g + 1, groupSlotCount[s], g, groups - g - 1);
                System.arraycopy(groupSum[s], g + 1, groupSum[s], g, groups - g - 1);
                System.arraycopy(groupStamp[s], g + 1, groupStamp[s], g, groups - g - 1);
                groupCount[s] = groups - 1;
            }
            return;
        }
    }

    /**
     * Gathers this step's events for the shard's neurons, steps every block, applies spike rules.
     * Each neuron receives its stream's events in the input's order, then arriving spikes in the
     * bucket's order, whatever the shard, block or slot (so results do not depend on placement).
     */
    void runStep(StepInput input, DelayLine.Bucket arriving, NeuronRef[] refs) {
        int[] streams = input.id;
        int[] channels = input.channel;
        float[] values = input.value;
        for (int e = 0, n = input.count; e < n; e++) {
            int s = streams[e];
            if (s < groupCount.length) {
                int[] gb = groupBlock[s];
                for (int g = 0, m = groupCount[s]; g < m; g++) {
                    blocks.get(gb[g]).addInput(e, g);
                }
            }
        }
        for (int e = 0, n = arriving.count; e < n; e++) {
            NeuronRef ref = refs[arriving.id[e]];
            if (ref != null && ref.shard == index) {
                blocks.get(ref.block).arrivals.add(ref.slot, arriving.channel[e], arriving.value[e]);
            }
        }
        spikeCount = 0;
        stepCount++;
        for (int b = 0, nb = blocks.size(); b < nb; b++) {
            NeuronBlock block = blocks.get(b);
            block.begin();
            if (block.sharesInputSums) {
                deliverShared(block, input);
            } else {
                deliverPerSlot(block, input);
            }
            block.finish();
            neuronSteps += block.live();
            applySpikeRules(block);
        }
    }

    /** Each group's events summed once, the sum shared by the group's slots. */
    private void deliverShared(NeuronBlock block, StepInput input) {
        int[] streams = input.id;
        EventStepper stepper = block.stepper;
        int[] inputEvent = block.inputEvent;
        int[] inputGroup = block.inputGroup;
        int touched = 0;
        for (int k = 0, n = block.inputCount; k < n; k++) {
            int e = inputEvent[k];
            int s = streams[e];
            int g = inputGroup[k];
            double[] u = groupSum[s][g];
            if (groupStamp[s][g] != stepCount) {
                groupStamp[s][g] = stepCount;
                Arrays.fill(u, 0.0);
                // Reuse the list's front for the groups touched (k >= touched, so nothing unread is overwritten).
                inputEvent[touched] = s;
                inputGroup[touched] = g;
                touched++;
            }
            stepper.addToSum(u, input.channel[e], input.value[e]);
        }
        for (int t = 0; t < touched; t++) {
            int s = inputEvent[t];
            int g = inputGroup[t];
            int[] slots = groupSlots[s][g];
            double[] u = groupSum[s][g];
            for (int i = 0, m = groupSlotCount[s][g]; i < m; i++) {
                stepper.shareSum(slots[i], u);
            }
        }
    }

    /** Each event delivered to each listening slot, in order. */
    private void deliverPerSlot(NeuronBlock block, StepInput input) {
        int[] streams = input.id;
        int[] inputEvent = block.inputEvent;
        int[] inputGroup = block.inputGroup;
        for (int k = 0, n = block.inputCount; k < n; k++) {
            int e = inputEvent[k];
            int s = streams[e];
            int g = inputGroup[k];
            int[] slots = groupSlots[s][g];
            int channel = input.channel[e];
            float value = input.value[e];
            for (int i = 0, m = groupSlotCount[s][g]; i < m; i++) {
                block.deliver(slots[i], channel, value);
            }
        }
    }

    private void applySpikeRules(NeuronBlock block) {
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
