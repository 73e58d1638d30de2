package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.Locale;

/** Which stepper to use: the event-driven one (default) or the dense reference. */
public enum StepperKind {
    /** Event-driven: O(branches + spikes) per step for the synapses ({@link EventStepper}). */
    EVENT,
    /** The reference math, every synapse every step ({@link DenseStepper}). */
    DENSE;

    /** A stepper of this kind for {@code batch} neurons. */
    public ElmStepper create(ElmModel model, int batch) {
        return this == EVENT ? new EventStepper(model, batch) : new DenseStepper(model, batch);
    }

    /** Parses "event" or "dense" (any case); anything else is an error listing both. */
    public static StepperKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stepper: expected dense or event, found '" + name + "'");
        }
    }
}
