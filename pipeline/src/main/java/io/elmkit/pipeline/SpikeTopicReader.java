package io.elmkit.pipeline;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.event.StepBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.IntegerDeserializer;

/**
 * Reads a spike topic from its beginning (every partition, no consumer group, committed records only)
 * and hands its records over one at a time, checked against the topic's header: stream ids below
 * num_streams and equal to the key, channels below num_channels, finite event values, steps strictly
 * increasing per stream, nothing after a stream's end. A thread of its own polls Kafka into a bounded
 * queue; when the queue cannot take another poll's worth, it pauses the partitions
 * ({@code consumer.pause}) until the reader catches up: a slow reader slows the fetching, nothing
 * is dropped.
 */
public final class SpikeTopicReader implements AutoCloseable {
    /** Records a poll returns at most; the queue pauses the consumer while it has less room than this. */
    static final int MAX_POLL_RECORDS = 500;
    private static final ConsumerRecord<Integer, SpikeRecord> STOP = new ConsumerRecord<>("", 0, 0, null, null);

    private final String topic;
    private final String where;
    private final KafkaConsumer<Integer, SpikeRecord> consumer;
    private final BlockingQueue<ConsumerRecord<Integer, SpikeRecord>> queue;
    private final Thread poller;
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private final List<ConsumerRecord<Integer, SpikeRecord>> early = new ArrayList<>();
    private TopicHeader header;
    private long[] lastStep;
    private boolean[] ended;
    private int endedCount;
    /** Kafka timestamp (ms since the epoch) of the record {@link #next} returned last. */
    private long lastTimestampMs = -1;

    /**
     * Connects and starts fetching; waits up to {@code waitForTopic} for the topic to exist (it may be
     * created by a publisher started later), but fails within {@link KafkaBrokers#connectWait()} when no
     * broker answers at all. {@code queueRecords}: records held in memory at most
     * (at least {@value #MAX_POLL_RECORDS}).
     */
    public SpikeTopicReader(String bootstrap, String topic, int queueRecords, Duration waitForTopic) {
        this(bootstrap, topic, queueRecords, waitForTopic, KafkaClientConfig.NONE);
    }

    /** {@link #SpikeTopicReader(String, String, int, Duration)} with the client settings of {@code client} (security, tuning). */
    public SpikeTopicReader(String bootstrap, String topic, int queueRecords, Duration waitForTopic,
                            KafkaClientConfig client) {
        this(bootstrap, topic, queueRecords, waitForTopic, client, notice -> { });
    }

    /**
     * {@link #SpikeTopicReader(String, String, int, Duration, KafkaClientConfig)} that tells {@code onWait}
     * (one line, once) when the topic does not exist yet and it starts waiting for a publisher to create it.
     */
    public SpikeTopicReader(String bootstrap, String topic, int queueRecords, Duration waitForTopic,
                            KafkaClientConfig client, java.util.function.Consumer<String> onWait) {
        this.topic = topic;
        this.where = "topic " + topic + " on " + bootstrap;
        this.queue = new ArrayBlockingQueue<>(Math.max(queueRecords, MAX_POLL_RECORDS) + 1);
        KafkaBrokers.require(bootstrap, topic, client); // no broker: fail in seconds, not after the topic wait
        Properties p = client.applyTo(new Properties(), KafkaClientConfig.Client.CONSUMER); // then elmkit's own
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // transactional writers: committed only
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS)); // the queue's reserve relies on it
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        liveConsumerDefaults(p);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "elmkit-consumer");
        try {
            this.consumer = new KafkaConsumer<>(p, new IntegerDeserializer(), new SpikeRecordDeserializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw KafkaBrokers.refused(bootstrap, client, e);
        }
        try {
            List<TopicPartition> partitions = awaitPartitions(waitForTopic, onWait);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.poller = new Thread(this::pollLoop, "kafka-reader-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * The settings of a consumer of a live pipeline, added to {@code p} where it has none (a settings file
     * wins): the broker answers a fetch at once when data is there, and otherwise after at most 10 ms
     * (Kafka's default is 500 ms); -Delmkit.kafka.fetch-wait-ms=N sets it.
     */
    public static Properties liveConsumerDefaults(Properties p) {
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, System.getProperty("elmkit.kafka.fetch-wait-ms", "10"));
        return p;
    }

    private List<TopicPartition> awaitPartitions(Duration wait, java.util.function.Consumer<String> onWait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> tps = new ArrayList<>();
                for (PartitionInfo i : infos) {
                    tps.add(new TopicPartition(topic, i.partition()));
                }
                return tps;
            }
            if (infos != null && !told) {
                // Intended: a run or consume may start before the publisher that creates the topic.
                onWait.accept(where + " does not exist yet: waiting up to " + wait.toSeconds()
                    + " s for a publisher to create it");
                told = true;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(where + ": " + (infos == null ? "no Kafka broker answered"
                    : "the topic does not exist") + " (waited " + wait.toSeconds() + " s)");
            }
            sleep(200);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollLoop() {
        boolean paused = false;
        try {
            while (running) {
                // Back-pressure: poll only while the queue can take a whole poll; else pause the partitions
                // (poll keeps the consumer alive and returns nothing for paused ones).
                boolean full = queue.remainingCapacity() < MAX_POLL_RECORDS + 1;
                if (full && !paused) {
                    consumer.pause(consumer.assignment());
                    pauses.incrementAndGet();
                    paused = true;
                } else if (!full && paused) {
                    consumer.resume(consumer.assignment());
                    paused = false;
                }
                for (ConsumerRecord<Integer, SpikeRecord> r : consumer.poll(Duration.ofMillis(paused ? 5 : 100))) {
                    queue.add(r); // room was reserved above: never blocks, never drops
                    received.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RecordDeserializationException e) {
            failure = new IllegalStateException(where + ", partition " + e.topicPartition().partition() + " offset "
                + e.offset() + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (RuntimeException e) {
            failure = new IllegalStateException(where + ": reading failed: " + e.getMessage(), e);
        } finally {
            queue.offer(STOP);
        }
    }

    /** Waits up to {@code timeout} for the topic's header (the first header record of any partition). */
    public TopicHeader header(Duration timeout) throws InputFormatException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (header == null) {
            ConsumerRecord<Integer, SpikeRecord> r = take(Math.max(0, deadline - System.nanoTime()));
            if (r == null) {
                throw new InputFormatException(where, "header record", "none arrived within " + timeout.toSeconds()
                    + " s (is anything publishing to it?)");
            }
            if (r.value().kind() == SpikeRecord.Kind.HEADER) {
                accept(r.value().header());
            } else {
                early.add(r);
            }
        }
        return header;
    }

    private void accept(TopicHeader h) throws InputFormatException {
        if (header == null) {
            header = h;
            lastStep = new long[h.numStreams()];
            Arrays.fill(lastStep, -1);
            ended = new boolean[h.numStreams()];
        } else if (!header.sameAs(h)) {
            throw new InputFormatException(where, "header record", "the same header in every partition (one recording"
                + " per topic)", h + " after " + header);
        }
    }

    private ConsumerRecord<Integer, SpikeRecord> take(long timeoutNanos) {
        ConsumerRecord<Integer, SpikeRecord> r;
        try {
            r = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (r == STOP) {
            queue.offer(STOP);
            if (failure != null) {
                throw failure;
            }
            throw new IllegalStateException(where + ": the reader was closed");
        }
        return r;
    }

    /**
     * The next batch or end record, checked; null when none arrived within {@code timeoutNanos} (0: do
     * not wait). Header copies are checked and skipped. Call {@link #header} first.
     */
    public SpikeRecord next(long timeoutNanos) throws InputFormatException {
        if (header == null) {
            throw new IllegalStateException("header() first");
        }
        while (true) {
            ConsumerRecord<Integer, SpikeRecord> r = !early.isEmpty() ? early.remove(0) : take(timeoutNanos);
            if (r == null) {
                return null;
            }
            SpikeRecord v = r.value();
            if (v.kind() == SpikeRecord.Kind.HEADER) {
                accept(v.header());
                continue;
            }
            check(r, v);
            lastTimestampMs = r.timestamp();
            return v;
        }
    }

    /** Where a record lies, for its error (built only then: check runs for every record). */
    private String at(ConsumerRecord<Integer, SpikeRecord> r) {
        return where + ", partition " + r.partition() + " offset " + r.offset();
    }

    private void check(ConsumerRecord<Integer, SpikeRecord> r, SpikeRecord v) throws InputFormatException {
        int s = v.stream();
        if (s >= header.numStreams()) {
            throw new InputFormatException(at(r), "stream id", "0 .. " + (header.numStreams() - 1) + " (num_streams)",
                Integer.toString(s));
        }
        if (r.key() == null || r.key() != s) {
            throw new InputFormatException(at(r), "key", "the stream id " + s, String.valueOf(r.key()));
        }
        if (ended[s]) {
            throw new InputFormatException(at(r), "stream " + s, "a record after the stream's end record");
        }
        if (v.kind() == SpikeRecord.Kind.END) {
            if (v.endSteps() <= lastStep[s] || (header.numSteps() >= 0 && v.endSteps() > header.numSteps())) {
                throw new InputFormatException(at(r), "end of stream " + s, "steps > its last step " + lastStep[s]
                    + (header.numSteps() >= 0 ? " and <= num_steps " + header.numSteps() : ""), Long.toString(v.endSteps()));
            }
            ended[s] = true;
            endedCount++;
            return;
        }
        StepBatch b = v.batch();
        if (b.step() <= lastStep[s] || (header.numSteps() >= 0 && b.step() >= header.numSteps())) {
            throw new InputFormatException(at(r), "step of stream " + s, "after " + lastStep[s] + " (strictly increasing)"
                + (header.numSteps() >= 0 ? " and below num_steps " + header.numSteps() : ""), Long.toString(b.step()));
        }
        lastStep[s] = b.step();
        int[] spikes = v.spikes();
        if (spikes.length > 0 && spikes[spikes.length - 1] >= header.neurons()) {
            throw new InputFormatException(at(r), SpikeTopic.SPIKE + " (stream " + s + ", step " + b.step() + ")",
                "neurons 0 .. " + (header.neurons() - 1), Integer.toString(spikes[spikes.length - 1]));
        }
        boolean events = TopicHeader.EVENTS.equals(header.content());
        int channels = header.batchChannels();
        for (int i = 0; i < b.size(); i++) {
            int c = b.channel(i);
            if (c < 0 || c >= channels) {
                throw new InputFormatException(at(r), "channel (stream " + s + ", step " + b.step() + ")",
                    "0 .. " + (channels - 1) + (header.neurons() > 1 ? " (neurons x num_channels)" : ""), Integer.toString(c));
            }
            if (events && !Float.isFinite(b.value(i))) {
                throw new InputFormatException(at(r), "value (stream " + s + ", step " + b.step() + ", channel " + c + ")",
                    "a finite number", Float.toString(b.value(i)));
            }
        }
    }

    /** The topic's header record. */
    public TopicHeader header() {
        return header;
    }

    /** The Kafka timestamp (ms since the epoch; the producer's send time unless the topic says otherwise) of the record {@link #next} returned last, -1 before. */
    public long lastTimestampMs() {
        return lastTimestampMs;
    }

    /** True when every stream's end record has been read. */
    public boolean allEnded() {
        return header != null && endedCount == header.numStreams();
    }

    /** Streams whose end record was read. */
    public int endedCount() {
        return endedCount;
    }

    /** Times the consumer paused its partitions because the reader lagged. */
    public long pauses() {
        return pauses.get();
    }

    /** Records fetched from Kafka so far. */
    public long received() {
        return received.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
