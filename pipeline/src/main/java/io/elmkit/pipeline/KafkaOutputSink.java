package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;
import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.SpikeEndpoints.OutputTarget;
import io.elmkit.sim.engine.StepOutputs;

/**
 * Sends the engine's outputs to an outputs topic (format: {@link SpikeTopic}): per step and stream
 * one batch (stream = sample, channel k = output k of the stream's first neuron), flagged when the
 * neuron spiked; one producer, so a stream's steps go out in step order. At the end, an end record
 * per stream and a flush; a run that fails writes no end records, so consumers see it unfinished.
 */
public final class KafkaOutputSink implements OutputSink {
    private final SpikeTopicWriter writer;
    private final OutputTarget target;
    private final StepBatch batch = new StepBatch();
    /** Per neuron id: the step + 1 at which it last spiked (no clearing per step). */
    private long[] spikedAt = new long[0];

    /** A sink writing outputs to the topic of {@code uri}. */
    public KafkaOutputSink(KafkaUri uri, OutputTarget target, int partitions, boolean lowLatency) {
        this.target = target;
        this.writer = new SpikeTopicWriter(uri.bootstrap(), uri.topic(), partitions, lowLatency);
        writer.header(new TopicHeader(TopicHeader.OUTPUTS, target.neurons().length, target.numOutput(), target.dtMs(),
            target.numSteps(), target.labels(), target.description()));
    }

    @Override
    public void onStep(StepOutputs out) {
        long step = out.step();
        if (target.spikes()) {
            for (int i = 0; i < out.spikeCount(); i++) {
                int id = out.spikeNeuron(i);
                if (id >= spikedAt.length) {
                    spikedAt = java.util.Arrays.copyOf(spikedAt, Math.max(id + 1, spikedAt.length * 2));
                }
                spikedAt[id] = step + 1;
            }
        }
        int[] neurons = target.neurons();
        for (int b = 0; b < neurons.length; b++) {
            int id = neurons[b];
            if (!out.isLive(id)) {
                continue;
            }
            batch.reset(b, step);
            for (int k = 0, n = out.numOutput(id); k < n; k++) {
                batch.add(k, out.output(id, k));
            }
            writer.batch(batch, id < spikedAt.length && spikedAt[id] == step + 1);
        }
    }

    @Override
    public void onEnd(long steps) {
        for (int b = 0; b < target.neurons().length; b++) {
            writer.end(b, steps);
        }
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
