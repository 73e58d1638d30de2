package io.elmkit.sim.engine;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.ring.SpikeRing;
import org.agrona.concurrent.IdleStrategy;

/**
 * Publishes outputs on a {@link SpikeRing} for a consumer on another thread: per step and neuron
 * one batch (stream id = neuron id, step, channel k = output index, value = output k); with
 * {@code spikesOnly}, one batch per step (stream id 0, channel = neuron id, value 1) holding the
 * neurons that spiked. When the ring is full the engine waits (back-pressure): nothing is dropped.
 * At the end every published stream is finished with {@link SpikeRing#finish}.
 */
public final class RingOutputSink implements OutputSink {
    private final SpikeRing ring;
    private final IdleStrategy idle;
    private final int[] neurons;
    private final boolean spikesOnly;
    private final StepBatch batch = new StepBatch();
    private long waits;

    /** Outputs of {@code neurons} (ids), one batch per neuron and step. */
    public static RingOutputSink outputs(SpikeRing ring, int[] neurons, IdleStrategy idle) {
        return new RingOutputSink(ring, neurons, false, idle);
    }

    /** Spikes of all neurons, one batch per step on stream 0. */
    public static RingOutputSink spikes(SpikeRing ring, IdleStrategy idle) {
        return new RingOutputSink(ring, null, true, idle);
    }

    private RingOutputSink(SpikeRing ring, int[] neurons, boolean spikesOnly, IdleStrategy idle) {
        this.ring = ring;
        this.neurons = neurons;
        this.spikesOnly = spikesOnly;
        this.idle = idle;
    }

    @Override
    public void onStep(StepOutputs out) {
        if (spikesOnly) {
            batch.reset(0, out.step());
            for (int i = 0; i < out.spikeCount(); i++) {
                batch.add(out.spikeNeuron(i), 1f);
            }
            put();
            return;
        }
        for (int id : neurons) {
            if (!out.isLive(id)) {
                continue;
            }
            batch.reset(id, out.step());
            for (int k = 0, n = out.numOutput(id); k < n; k++) {
                batch.add(k, out.output(id, k));
            }
            put();
        }
    }

    private void put() {
        if (!ring.offer(batch)) {
            waits++;
            ring.put(batch, idle);
        }
    }

    /** Times the ring was full and the engine had to wait for the consumer. */
    public long backPressureWaits() {
        return waits;
    }

    @Override
    public void onEnd(long steps) {
        if (spikesOnly) {
            ring.finish(0, idle);
        } else {
            for (int id : neurons) {
                ring.finish(id, idle);
            }
        }
    }
}
