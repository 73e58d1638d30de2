package io.elmkit.sim.engine;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.StepEvents;
import java.util.Arrays;

/**
 * Up to {@code capacity} neurons of one model stepped together by one {@link EventStepper} (batched,
 * so the memory kernel vectorises over neurons). Slots are reused when neurons are removed and
 * added; a free slot is still stepped (its output ignored) and reset when taken again. A neuron's
 * output does not depend on its slot or its block-mates, so placement never changes results.
 */
final class NeuronBlock {
    final ElmModel model;
    final EventStepper stepper;
    final int capacity;
    final int numOutput;
    final int[] neuronId;
    final SpikeRule[] rule;
    final int[] refractoryLeft;
    final StepEvents events;
    final float[] output;
    private int live;

    NeuronBlock(ElmModel model, int capacity) {
        this.model = model;
        this.stepper = new EventStepper(model, capacity);
        this.capacity = capacity;
        this.numOutput = model.numOutput();
        this.neuronId = new int[capacity];
        Arrays.fill(neuronId, -1);
        this.rule = new SpikeRule[capacity];
        this.refractoryLeft = new int[capacity];
        this.events = new StepEvents(64 * capacity);
        this.output = new float[capacity * numOutput];
    }

    /** A free slot, or -1. */
    int freeSlot() {
        if (live == capacity) {
            return -1;
        }
        for (int s = 0; s < capacity; s++) {
            if (neuronId[s] < 0) {
                return s;
            }
        }
        return -1;
    }

    void occupy(int slot, int id, SpikeRule spikeRule) {
        stepper.resetNeuron(slot);
        neuronId[slot] = id;
        rule[slot] = spikeRule;
        refractoryLeft[slot] = 0;
        live++;
    }

    void release(int slot) {
        neuronId[slot] = -1;
        rule[slot] = null;
        live--;
    }

    int live() {
        return live;
    }

    /** Steps every slot on the events gathered for this step, then clears them. */
    void step() {
        stepper.step(events, output, 0, numOutput);
        events.clear();
    }
}
