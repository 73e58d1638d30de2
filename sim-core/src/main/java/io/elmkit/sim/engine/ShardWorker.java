package io.elmkit.sim.engine;

import org.agrona.concurrent.Agent;

/** Runs one shard's steps on its own thread when the coordinator asks (an Agrona agent). */
final class ShardWorker implements Agent {
    private final Shard shard;
    private volatile long requested = -1;
    volatile long done = -1;
    volatile Throwable failure;
    private StepInput input;
    private DelayLine.Bucket arriving;
    private NeuronRef[] refs;

    ShardWorker(Shard shard) {
        this.shard = shard;
    }

    /** Called by the coordinator; the volatile write publishes the step's data to this worker. */
    void request(long step, StepInput stepInput, DelayLine.Bucket bucket, NeuronRef[] neuronRefs) {
        input = stepInput;
        arriving = bucket;
        refs = neuronRefs;
        requested = step;
    }

    /** True when the shard holds any block (read between steps, on the coordinator's thread). */
    boolean hasNeurons() {
        return !shard.blocks.isEmpty();
    }

    /** The shard had nothing to do this step: its spikes are none. */
    void skip() {
        shard.spikeCount = 0;
    }

    @Override
    public int doWork() {
        long r = requested;
        if (r <= done) {
            return 0;
        }
        try {
            shard.runStep(input, arriving, refs);
        } catch (Throwable t) {
            failure = t;
        }
        done = r;
        return 1;
    }

    @Override
    public String roleName() {
        return "elmkit-shard-" + shard.index;
    }
}
