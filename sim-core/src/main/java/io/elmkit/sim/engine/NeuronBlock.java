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
 *
 * <p>A step: {@link #begin}, {@link #deliver} for each input event in order, then {@link #finish},
 * which delivers the spikes that arrived ({@link #arrivals}) and steps the memory. An event-driven
 * stepper takes each event as it is delivered (no list in between); a model that steps densely
 * (tau_s differ) gets them as one {@link StepEvents} list.
 */
final class NeuronBlock {
    final ElmModel model;
    final EventStepper stepper;
    final int capacity;
    final int numOutput;
    final int[] neuronId;
    final SpikeRule[] rule;
    final int[] refractoryLeft;
    /** Spikes from other neurons arriving this step, delivered after the input events. */
    final StepEvents arrivals = new StepEvents();
    final float[] output;
    /** This step's input events for a block that takes them one by one: (index into the step's input, listener group). */
    final IntPairs inputs = new IntPairs();
    /** This step's streams whose input sum the block's listening slots share: (stream, listener group). */
    final IntPairs shared = new IntPairs();
    /** The stepper can share one input sum among slots that receive the same events. */
    final boolean sharesInputSums;
    private final boolean direct;
    private final StepEvents events;
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
        this.direct = stepper.isEventDriven();
        this.sharesInputSums = stepper.sharesInputSums();
        this.events = direct ? null : new StepEvents(64 * capacity);
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

    /** Starts a step. */
    void begin() {
        if (direct) {
            stepper.beginStep();
        }
    }

    /** One event of the step, in the order the neuron receives them. */
    void deliver(int slot, int channel, float value) {
        if (direct) {
            stepper.addEvent(slot, channel, value);
        } else {
            events.add(slot, channel, value);
        }
    }

    /** Delivers the arrived spikes, steps every stepped slot, and clears this step's lists. */
    void finish() {
        for (int e = 0, n = arrivals.size(); e < n; e++) {
            deliver(arrivals.neuron(e), arrivals.channel(e), arrivals.value(e));
        }
        if (direct) {
            stepper.finishStep(output, 0, numOutput);
        } else {
            stepper.step(events, output, 0, numOutput);
            events.clear();
        }
        arrivals.clear();
        inputs.count = 0;
        shared.count = 0;
    }
}
