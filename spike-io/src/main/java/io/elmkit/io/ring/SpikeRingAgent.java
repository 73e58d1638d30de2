package io.elmkit.io.ring;

import org.agrona.concurrent.Agent;

/**
 * The consuming side of a {@link SpikeRing} as an Agrona {@link Agent}: each duty cycle drains up
 * to {@code limit} messages into a handler (e.g. a {@link StepMerger}). Run it with an
 * {@code AgentRunner} and the idle strategy of your choice (busy spin for latency, backoff or
 * sleeping to share cores).
 */
public final class SpikeRingAgent implements Agent {
    private final SpikeRing ring;
    private final SpikeRing.Handler handler;
    private final int limit;
    private final String roleName;

    /** An agent that drains {@code ring} into {@code handler}, at most {@code limit} messages per duty cycle. */
    public SpikeRingAgent(SpikeRing ring, SpikeRing.Handler handler, int limit, String roleName) {
        this.ring = ring;
        this.handler = handler;
        this.limit = limit;
        this.roleName = roleName;
    }

    @Override
    public int doWork() {
        return ring.drain(handler, limit);
    }

    @Override
    public String roleName() {
        return roleName;
    }
}
