package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;
import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.SpikeEndpoints.OutputTarget;
import io.elmkit.sim.engine.StepOutputs;
import java.util.Arrays;

/**
 * Sends the engine's outputs to an outputs topic (format: {@link SpikeTopic}): per step and stream
 * one batch of every neuron of the stream (stream = sample, channel j x num_output + k = output k of
 * the stream's neuron j), with the neurons that spiked; one producer, so a stream's steps go out in
 * step order. At the end, an end record per stream and a flush; a run that fails writes no end
 * records, so consumers see it unfinished.
 */
public final class KafkaOutputSink implements OutputSink {
    private final SpikeTopicWriter writer;
    private final OutputTarget target;
    private final int neuronsPerStream;
    private final StepBatch batch = new StepBatch();
    private final int[] spiked;
    private static final int[] NONE = new int[0];
    /** Per neuron id: the step + 1 at which it last spiked (no clearing per step). */
    private long[] spikedAt = new long[0];

    /** A sink writing outputs to the topic of {@code uri}. */
    public KafkaOutputSink(KafkaUri uri, OutputTarget target, int partitions, boolean lowLatency) {
        this(uri, target, partitions, lowLatency, KafkaClientConfig.NONE);
    }

    /** A sink writing outputs to the topic of {@code uri} with the client settings of {@code client}. */
    public KafkaOutputSink(KafkaUri uri, OutputTarget target, int partitions, boolean lowLatency,
                           KafkaClientConfig client) {
        int[][] neurons = target.neurons();
        this.neuronsPerStream = neurons.length == 0 ? 1 : neurons[0].length;
        for (int[] ids : neurons) {
            if (ids.length != neuronsPerStream) {
                throw new IllegalArgumentException(uri + ": every stream needs the same number of neurons, found "
                    + ids.length + " and " + neuronsPerStream);
            }
        }
        this.target = target;
        this.spiked = new int[neuronsPerStream];
        this.writer = new SpikeTopicWriter(uri.bootstrap(), uri.topic(), partitions, lowLatency, client);
        writer.header(new TopicHeader(TopicHeader.OUTPUTS, neurons.length, target.numOutput(), target.dtMs(),
            target.numSteps(), target.labels(), target.description(), neuronsPerStream));
    }

    @Override
    public void onStep(StepOutputs out) {
        long step = out.step();
        if (target.spikes()) {
            for (int i = 0; i < out.spikeCount(); i++) {
                int id = out.spikeNeuron(i);
                if (id >= spikedAt.length) {
                    spikedAt = Arrays.copyOf(spikedAt, Math.max(id + 1, spikedAt.length * 2));
                }
                spikedAt[id] = step + 1;
            }
        }
        int[][] neurons = target.neurons();
        int d = target.numOutput();
        for (int b = 0; b < neurons.length; b++) {
            int[] ids = neurons[b];
            if (!out.isLive(ids[0])) {
                continue;
            }
            batch.reset(b, step);
            int spikes = 0;
            for (int j = 0; j < ids.length; j++) {
                int id = ids[j];
                for (int k = 0; k < d; k++) {
                    batch.add(j * d + k, out.output(id, k));
                }
                if (id < spikedAt.length && spikedAt[id] == step + 1) {
                    spiked[spikes++] = j;
                }
            }
            writer.batch(batch, spikes == 0 ? NONE : Arrays.copyOf(spiked, spikes));
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
