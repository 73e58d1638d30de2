package io.elmkit.sim.engine;

import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.Agent;

/**
 * Runs one shard's steps on its own thread when the coordinator asks (an Agrona agent). A request
 * unparks the worker and a finished step unparks the coordinator: a thread whose idle strategy had
 * reached its park (backoff: up to 0.1 ms; sleep: 0.1 ms) starts at once instead of when the park
 * ends, a delay that was paid on a step of the other shard's length whenever the two shards ended
 * a step apart.
 */
final class ShardWorker implements Agent {
    private final Shard shard;
    private volatile long requested = -1;
    volatile long done = -1;
    volatile Throwable failure;
    private StepInput input;
    private DelayLine.Bucket arriving;
    private NeuronRef[] refs;
    /** The thread that asked for the current step, woken when it is done. */
    private Thread coordinator;
    /** This worker's thread, once it runs. */
    private volatile Thread thread;

    ShardWorker(Shard shard) {
        this.shard = shard;
    }

    /** Called by the coordinator; the volatile write publishes the step's data to this worker. */
    void request(long step, StepInput stepInput, DelayLine.Bucket bucket, NeuronRef[] neuronRefs) {
        input = stepInput;
        arriving = bucket;
        refs = neuronRefs;
        coordinator = Thread.currentThread();
        requested = step;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
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
            shard.runStep(r, input, arriving, refs);
        } catch (Throwable t) {
            failure = t;
        }
        done = r;
        LockSupport.unpark(coordinator);
        return 1;
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    @Override
    public String roleName() {
        return "elmkit-shard-" + shard.index;
    }
}
