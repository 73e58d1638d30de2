package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import io.elmkit.sim.engine.FixedShapeInput;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A spike topic as an engine input, live: step s is ready once every stream has a record of step s
 * or later, or has ended; the input ends when every stream has ended and the last step is delivered.
 * Records wait in per-stream queues until their step; the topic reader's bounded queue and
 * {@code consumer.pause()} hold Kafka back while the engine lags (nothing is dropped).
 */
public final class KafkaSpikeInput extends FixedShapeInput {
    private final SpikeTopicReader reader;
    private final TopicHeader header;
    private final ArrayDeque<StepBatch>[] pending;
    /** Per stream: the latest step it has a record of (Long.MAX_VALUE once ended). */
    private final long[] through;
    private long endSteps;
    /** Steps up to which every stream is known complete (recomputed only when records arrive). */
    private long completeThrough = -1;
    private boolean dirty = true;
    private final ChannelSums sums = new ChannelSums();
    /** The sink of the poll in progress and the stream being handed over (no allocation per batch). */
    private Events events;
    private int stream;
    private final ChannelSums.Sink toEngine = (channel, value) -> events.onEvent(stream, channel, value);

    /** Opens the topic (waiting up to {@code wait} for it and its header). */
    public KafkaSpikeInput(KafkaUri uri, Duration wait, int queueRecords) throws InputFormatException {
        this(uri, wait, queueRecords, KafkaClientConfig.NONE);
    }

    /** Opens the topic with the client settings of {@code client} (security, tuning). */
    public KafkaSpikeInput(KafkaUri uri, Duration wait, int queueRecords, KafkaClientConfig client)
        throws InputFormatException {
        this(uri, wait, queueRecords, client, notice -> { });
    }

    /** Opens the topic; {@code onWait} hears one line when the topic does not exist yet and the wait begins. */
    public KafkaSpikeInput(KafkaUri uri, Duration wait, int queueRecords, KafkaClientConfig client,
                           java.util.function.Consumer<String> onWait) throws InputFormatException {
        this(Opened.open(uri, wait, queueRecords, client, onWait));
    }

    /** The topic's reader and its checked header, read before the input's shape can be known. */
    private record Opened(SpikeTopicReader reader, TopicHeader header, String name) {
        static Opened open(KafkaUri uri, Duration wait, int queueRecords, KafkaClientConfig client,
                           java.util.function.Consumer<String> onWait) throws InputFormatException {
            String name = uri.toString();
            SpikeTopicReader reader = new SpikeTopicReader(uri.bootstrap(), uri.topic(), queueRecords, wait, client,
                onWait);
            TopicHeader header;
            try {
                header = reader.header(wait);
            } catch (InputFormatException | RuntimeException e) {
                reader.close();
                throw e;
            }
            if (!TopicHeader.EVENTS.equals(header.content())) {
                reader.close();
                throw new InputFormatException(name, "content", "\"events\" (a spike topic)", "\"" + header.content()
                    + "\" (an outputs topic)");
            }
            return new Opened(reader, header, name);
        }
    }

    private KafkaSpikeInput(Opened opened) {
        super(opened.header.numStreams(), opened.header.numChannels(), opened.header.dtMs(), opened.header.numSteps(),
            opened.name);
        this.reader = opened.reader;
        this.header = opened.header;
        int n = header.numStreams();
        @SuppressWarnings("unchecked") // Java makes no arrays of a generic type: one of wildcards, cast
        ArrayDeque<StepBatch>[] queues = (ArrayDeque<StepBatch>[]) new ArrayDeque<?>[n];
        pending = queues;
        for (int s = 0; s < n; s++) {
            pending[s] = new ArrayDeque<>();
        }
        through = new long[n];
        java.util.Arrays.fill(through, -1);
    }

    /** The topic's header record. */
    public TopicHeader header() {
        return header;
    }

    /** Times the consumer paused because the engine lagged. */
    public long pauses() {
        return reader.pauses();
    }

    @Override
    public int poll(long step, Events sink) {
        drain();
        if (step > completeThrough) {
            return NOT_YET;
        }
        if (reader.allEnded() && step >= endSteps) {
            return END;
        }
        events = sink;
        for (int s = 0; s < pending.length; s++) {
            ArrayDeque<StepBatch> q = pending[s];
            StepBatch b;
            while ((b = q.peekFirst()) != null && b.step() <= step) {
                q.pollFirst();
                stream = s;
                sums.sum(b, toEngine); // events of one channel summed first, as the engine's file input does
            }
        }
        events = null;
        return READY;
    }

    /** Moves arrived records into the per-stream queues and updates how far every stream is complete. */
    private void drain() {
        try {
            SpikeRecord r;
            while ((r = reader.next(0)) != null) {
                int s = r.stream();
                if (r.kind() == SpikeRecord.Kind.END) {
                    through[s] = Long.MAX_VALUE;
                    endSteps = Math.max(endSteps, r.endSteps());
                } else {
                    through[s] = r.batch().step();
                    if (r.batch().size() > 0) {
                        pending[s].addLast(r.batch());
                    }
                }
                dirty = true;
            }
        } catch (InputFormatException e) {
            throw new UncheckedIOException(e);
        }
        if (dirty) {
            long min = Long.MAX_VALUE;
            for (long t : through) {
                min = Math.min(min, t);
            }
            completeThrough = through.length == 0 ? Long.MAX_VALUE : min;
            dirty = false;
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
