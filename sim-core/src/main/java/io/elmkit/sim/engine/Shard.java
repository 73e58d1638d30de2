package io.elmkit.sim.engine;

import io.elmkit.sim.step.EventStepper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The neurons one thread steps: blocks of neurons, which input streams feed which slots, and the
 * spikes emitted this step. Changed only between steps by the engine's coordinating thread.
 *
 * <p>Within a step a shard's thread gathers the step's events for its own blocks, then steps its
 * blocks, and then helps the other shards that have gathered: it claims their blocks that nobody has
 * claimed yet. The shards meet at the end of every step, so without this a step lasts as long as the
 * slowest thread's shard, and on a machine whose CPUs run at unequal speeds (a busy neighbour, a
 * virtual machine's uneven vCPUs) the fast threads would wait. A block's arithmetic does not depend
 * on which thread steps it, and the spikes are merged in neuron order, so the bits stay the same.
 */
final class Shard {
    final int index;
    final List<NeuronBlock> blocks = new ArrayList<>();
    /** Every shard of the engine, this one included (set once by the engine; helping reads it). */
    private Shard[] team = {this};
    /** The next of this step's blocks to claim, by this shard's thread or a helping one. */
    private final AtomicInteger nextBlock = new AtomicInteger();
    /** The last engine step whose events this shard has gathered; written after its lists and cursor. */
    private volatile long gatheredStep = -1;
    /** The listeners of each global stream (null: none in this shard). */
    private StreamListeners[] listeners = new StreamListeners[0];
    int[] spikes = new int[64];
    int spikeCount;
    long neuronSteps;
    /** Blocks of other shards this shard's thread has stepped (written by this shard's thread only). */
    long blocksHelped;

    Shard(int index) {
        this.index = index;
    }

    void joinTeam(Shard[] shards) {
        team = shards;
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
     * Runs engine step {@code step} for this shard: gathers the step's events for its blocks, steps
     * them, then steps the blocks of other shards that nobody has claimed yet. Each neuron receives
     * its stream's events in the input's order, then arriving spikes in the bucket's order, whatever
     * the shard, block, slot or stepping thread (so results do not depend on placement).
     */
    void runStep(long step, StepInput input, DelayLine.Bucket arriving, NeuronRef[] refs) {
        gather(step, input, arriving, refs);
        spikeCount = 0;
        nextBlock.set(0);
        gatheredStep = step; // publishes the gathered lists and the cursor to helping threads
        stepUnclaimedBlocks(input, this);
        for (int k = 1, n = team.length; k < n; k++) {
            Shard other = team[(index + k) % n];
            if (other.gatheredStep == step) {
                other.stepUnclaimedBlocks(input, this);
            }
        }
    }

    /** Sorts step {@code step}'s events and arriving spikes into the lists of the blocks that take them. */
    private void gather(long step, StepInput input, DelayLine.Bucket arriving, NeuronRef[] refs) {
        int[] streams = input.id;
        for (int e = 0, n = input.count; e < n; e++) {
            int s = streams[e];
            StreamListeners l = s < listeners.length ? listeners[s] : null;
            if (l == null || l.groups == 0) {
                continue;
            }
            if (l.addToSums(step, input.channel[e], input.value[e])) {
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
    }

    /**
     * Steps this shard's blocks that no thread has claimed yet this step (this shard's gathered
     * lists, read only); their neuron-steps and spikes are counted in {@code stepping}, the shard of
     * the thread that runs this.
     */
    private void stepUnclaimedBlocks(StepInput input, Shard stepping) {
        for (int b = nextBlock.getAndIncrement(), nb = blocks.size(); b < nb; b = nextBlock.getAndIncrement()) {
            NeuronBlock block = blocks.get(b);
            block.begin();
            shareSums(block);
            deliverPerEvent(block, input);
            block.finish();
            stepping.neuronSteps += block.live();
            stepping.applySpikeRules(block);
            if (stepping != this) {
                stepping.blocksHelped++;
            }
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
