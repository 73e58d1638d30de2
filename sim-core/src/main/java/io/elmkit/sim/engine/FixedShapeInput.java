package io.elmkit.sim.engine;

/**
 * A {@link SpikeInput} whose shape (streams, channels, step length, steps) and name are known when it
 * is made and never change: the accessors written once for every such input, which then supplies
 * only {@link #poll}.
 */
public abstract class FixedShapeInput implements SpikeInput {
    private final int numStreams;
    private final int numChannels;
    private final double dtMs;
    private final long numSteps;
    private final String name;

    /**
     * @param dtMs step length in ms, NaN when the source does not say
     * @param numSteps steps the input delivers, -1 when unknown (a live source)
     * @param name names the input in messages
     */
    protected FixedShapeInput(int numStreams, int numChannels, double dtMs, long numSteps, String name) {
        this.numStreams = numStreams;
        this.numChannels = numChannels;
        this.dtMs = dtMs;
        this.numSteps = numSteps;
        this.name = name;
    }

    /** The same shape and name as {@code other} (a wrapper of it). */
    protected FixedShapeInput(SpikeInput other) {
        this(other.numStreams(), other.numChannels(), other.dtMs(), other.numSteps(), other.describe());
    }

    @Override
    public final int numStreams() {
        return numStreams;
    }

    @Override
    public final int numChannels() {
        return numChannels;
    }

    @Override
    public final double dtMs() {
        return dtMs;
    }

    @Override
    public final long numSteps() {
        return numSteps;
    }

    @Override
    public final String describe() {
        return name;
    }
}
