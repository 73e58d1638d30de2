package io.elmkit.sim.engine;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.StepEvents;
import java.util.Arrays;

/**
 * Up to {@code capacity} neurons of one model stepped together by one {@link EventStepper} (batched,
 * so the memory kernel vectorises over neurons). Slots are reused when neurons are removed and
 * added; free slots above the highest occupied one are not stepped, a free slot below it is
 * stepped (its output ignored), and a slot is reset when taken again. A neuron's
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
    /** One past the highest occupied slot: slots from here on are free and not stepped. */
    private int used;

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
        stepper.setActiveNeurons(0);
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
        if (slot >= used) {
            used = slot + 1;
            stepper.setActiveNeurons(used);
        }
    }

    void release(int slot) {
        neuronId[slot] = -1;
        rule[slot] = null;
        live--;
        while (used > 0 && neuronId[used - 1] < 0) {
            used--;
        }
        stepper.setActiveNeurons(used);
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
