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
    /** The listeners of each global stream (null: none in this shard). */
    private StreamListeners[] listeners = new StreamListeners[0];
    private long stepCount;
    int[] spikes = new int[64];
    int spikeCount;
    long neuronSteps;

    Shard(int index) {
        this.index = index;
    }

    void subscribe(int globalStream, int block, int slot) {
        if (globalStream >= listeners.length) {
            listeners = Arrays.copyOf(listeners, Math.max(globalStream + 1, listeners.length * 2));
        }
        if (listeners[globalStream] == null) {
            listeners[globalStream] = new StreamListeners();
        }
        listeners[globalStream].add(block, blocks.get(block), slot);
    }

    void unsubscribe(int globalStream, int block, int slot) {
        listeners[globalStream].remove(block, slot);
    }

    /**
     * Gathers this step's events for the shard's neurons, steps every block, applies spike rules.
     * Each neuron receives its stream's events in the input's order, then arriving spikes in the
     * bucket's order, whatever the shard, block or slot (so results do not depend on placement).
     */
    void runStep(StepInput input, DelayLine.Bucket arriving, NeuronRef[] refs) {
        stepCount++;
        int[] streams = input.id;
        for (int e = 0, n = input.count; e < n; e++) {
            int s = streams[e];
            StreamListeners l = s < listeners.length ? listeners[s] : null;
            if (l == null || l.groups == 0) {
                continue;
            }
            if (l.addToSums(stepCount, input.channel[e], input.value[e])) {
                for (int g = 0; g < l.groups; g++) {
                    if (l.sumOf[g] >= 0) {
                        blocks.get(l.block[g]).shared.add(s, g);
                    }
                }
            }
            if (l.perEventGroups > 0) {
                for (int g = 0; g < l.groups; g++) {
                    if (l.sumOf[g] < 0) {
                        blocks.get(l.block[g]).inputs.add(e, g);
                    }
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
        for (int b = 0, nb = blocks.size(); b < nb; b++) {
            NeuronBlock block = blocks.get(b);
            block.begin();
            shareSums(block);
            deliverPerEvent(block, input);
            block.finish();
            neuronSteps += block.live();
            applySpikeRules(block);
        }
    }

    /** Hands each listening slot its stream's sum of this step's events. */
    private void shareSums(NeuronBlock block) {
        EventStepper stepper = block.stepper;
        IntPairs shared = block.shared;
        for (int k = 0, n = shared.count; k < n; k++) {
            StreamListeners l = listeners[shared.first[k]];
            int g = shared.second[k];
            double[] u = l.sumRow[l.sumOf[g]];
            int[] slots = l.slots[g];
            for (int i = 0, m = l.slotCount[g]; i < m; i++) {
                stepper.shareSum(slots[i], u);
            }
        }
    }

    /** Each event delivered to each listening slot, in order (blocks that take events one by one). */
    private void deliverPerEvent(NeuronBlock block, StepInput input) {
        int[] streams = input.id;
        int[] inputEvent = block.inputs.first;
        int[] inputGroup = block.inputs.second;
        for (int k = 0, n = block.inputs.count; k < n; k++) {
            int e = inputEvent[k];
            StreamListeners l = listeners[streams[e]];
            int g = inputGroup[k];
            int[] slots = l.slots[g];
            int channel = input.channel[e];
            float value = input.value[e];
            for (int i = 0, m = l.slotCount[g]; i < m; i++) {
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
