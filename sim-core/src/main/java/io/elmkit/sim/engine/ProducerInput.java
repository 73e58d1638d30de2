package io.elmkit.sim.engine;

/**
 * Input pulled from a callback on the engine's thread, step by step: the simplest way to feed the
 * engine from code (a generator, a sensor poll). For producers on other threads use a
 * {@link io.elmkit.io.ring.SpikeRing} and {@link RingInput}, which give back-pressure.
 */
public final class ProducerInput extends FixedShapeInput {
    /** Produces the events of one step. */
    @FunctionalInterface
    public interface Producer {
        /**
         * Hands the events of {@code step} to {@code sink} and returns {@link SpikeInput#READY}, or
         * returns {@link SpikeInput#NOT_YET} / {@link SpikeInput#END} having handed over nothing.
         */
        int produce(long step, Events sink);
    }

    private final Producer producer;

    /** {@code streams} streams of {@code numChannels} channels from {@code producer}; {@code numSteps} -1 when open-ended. */
    public ProducerInput(int streams, int numChannels, double dtMs, long numSteps, Producer producer, String name) {
        super(streams, numChannels, dtMs, numSteps, name);
        this.producer = producer;
    }

    @Override
    public int poll(long step, Events sink) {
        if (numSteps() >= 0 && step >= numSteps()) {
            return END;
        }
        return producer.produce(step, sink);
    }
}
