package io.elmkit.sim.engine;

/**
 * Input pulled from a callback on the engine's thread, step by step: the simplest way to feed the
 * engine from code (a generator, a sensor poll). For producers on other threads use a
 * {@link io.elmkit.io.ring.SpikeRing} and {@link RingInput}, which give back-pressure.
 */
public final class ProducerInput implements SpikeInput {
    /** Produces the events of one step. */
    @FunctionalInterface
    public interface Producer {
        /**
         * Hands the events of {@code step} to {@code sink} and returns {@link SpikeInput#READY}, or
         * returns {@link SpikeInput#NOT_YET} / {@link SpikeInput#END} having handed over nothing.
         */
        int produce(long step, Events sink);
    }

    private final int streams;
    private final int numChannels;
    private final double dtMs;
    private final long numSteps;
    private final Producer producer;
    private final String name;

    /** {@code streams} streams of {@code numChannels} channels from {@code producer}; {@code numSteps} -1 when open-ended. */
    public ProducerInput(int streams, int numChannels, double dtMs, long numSteps, Producer producer, String name) {
        this.streams = streams;
        this.numChannels = numChannels;
        this.dtMs = dtMs;
        this.numSteps = numSteps;
        this.producer = producer;
        this.name = name;
    }

    @Override
    public int numStreams() {
        return streams;
    }

    @Override
    public int numChannels() {
        return numChannels;
    }

    @Override
    public double dtMs() {
        return dtMs;
    }

    @Override
    public long numSteps() {
        return numSteps;
    }

    @Override
    public int poll(long step, Events sink) {
        if (numSteps >= 0 && step >= numSteps) {
            return END;
        }
        return producer.produce(step, sink);
    }

    @Override
    public String describe() {
        return name;
    }
}
