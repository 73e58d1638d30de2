package io.elmkit.pipeline;

import io.elmkit.io.event.StepBatch;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.IntegerSerializer;

/**
 * Writes a spike topic (format: {@link SpikeTopic}): the header to every partition, then step batches
 * keyed by stream, then an end record per stream. The producer is idempotent with {@code acks=all}:
 * a broker that restarts while records are in flight gets them again, once each, in order per
 * partition. A send that fails for good (after {@code delivery.timeout.ms}) fails the next call.
 */
public final class SpikeTopicWriter implements AutoCloseable {
    private final String topic;
    private final String bootstrap;
    private final KafkaProducer<Integer, SpikeRecord> producer;
    private final KafkaClientConfig client;
    private final AtomicLong acked = new AtomicLong();
    private volatile Exception failure;
    private long sent;
    private final Callback callback = new Callback() {
        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                if (failure == null) {
                    failure = exception;
                }
            } else {
                acked.incrementAndGet();
            }
        }
    };

    /**
     * Creates the topic when absent ({@code partitions}, replication 1 when the cluster has one broker,
     * else the cluster's default) and opens the producer; {@code lowLatency}: no batching delay
     * (live, paced sources), else up to 5 ms of batching for throughput.
     */
    public SpikeTopicWriter(String bootstrap, String topic, int partitions, boolean lowLatency) {
        this(bootstrap, topic, partitions, lowLatency, KafkaClientConfig.NONE);
    }

    /** {@link #SpikeTopicWriter(String, String, int, boolean)} with the client settings of {@code client} (security, tuning). */
    public SpikeTopicWriter(String bootstrap, String topic, int partitions, boolean lowLatency, KafkaClientConfig client) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        this.client = client;
        ensureTopic(bootstrap, topic, partitions, client);
        try {
            this.producer = new KafkaProducer<>(producerConfig(bootstrap, lowLatency, client), new IntegerSerializer(),
                new SpikeRecordSerializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw KafkaBrokers.refused(bootstrap, client, e);
        }
    }

    /** The producer settings: idempotent, acks=all, ordered. */
    public static Properties producerConfig(String bootstrap, boolean lowLatency) {
        return producerConfig(bootstrap, lowLatency, KafkaClientConfig.NONE);
    }

    /** The producer settings: the file's (security, tuning), then elmkit's: idempotent, acks=all, ordered. */
    public static Properties producerConfig(String bootstrap, boolean lowLatency, KafkaClientConfig client) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // ordered with idempotence
        p.put(ProducerConfig.LINGER_MS_CONFIG, lowLatency ? "0" : "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "elmkit-producer");
        return client.applyTo(p, KafkaClientConfig.Client.PRODUCER); // the file may tune linger, batch size, client id
    }

    /** Creates {@code topic} when it does not exist. */
    public static void ensureTopic(String bootstrap, String topic, int partitions) {
        ensureTopic(bootstrap, topic, partitions, KafkaClientConfig.NONE);
    }

    /** {@link #ensureTopic(String, String, int)} with the client settings of {@code client}. */
    public static void ensureTopic(String bootstrap, String topic, int partitions, KafkaClientConfig client) {
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("--partitions: expected 1 .. 10000, found " + partitions);
        }
        int brokers = KafkaBrokers.require(bootstrap, topic, client); // no broker: fail in seconds
        Properties p = client.applyTo(new Properties(), KafkaClientConfig.Client.ADMIN);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = KafkaBrokers.create(p, bootstrap, client)) {
            short replication = (short) Math.min(3, Math.max(1, brokers));
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replication))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("creating topic " + topic + " on " + bootstrap + " failed: "
                        + e.getCause().getMessage(), e.getCause());
                }
            }
            awaitLeaders(admin, topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic " + topic + " on " + bootstrap + ": " + e.getCause().getMessage(),
                e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic " + topic + " on " + bootstrap + ": the broker stopped answering"
                + " within 30 s while the topic was created", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    /**
     * Waits until the brokers serve every partition of a new topic (a leader in their metadata). The
     * controller acknowledges a creation before the brokers have applied it; an idempotent producer
     * whose first batches meet "unknown partition" while later ones get through can be left retrying
     * out-of-order sequence numbers until its delivery timeout.
     */
    private static void awaitLeaders(Admin admin, String topic)
        throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                org.apache.kafka.clients.admin.TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    // A leader in the metadata is not yet a leader that takes writes: ListOffsets answers only
                    // from the partition's leader once it serves it.
                    java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                        new java.util.HashMap<>();
                    for (org.apache.kafka.common.TopicPartitionInfo p : d.partitions()) {
                        latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topic + " have no leader after 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Sends the header to every partition of the topic (before any batch). */
    public void header(TopicHeader header) {
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        for (PartitionInfo p : partitions) {
            send(new ProducerRecord<>(topic, p.partition(), null, SpikeRecord.header(header)));
        }
    }

    /** Sends a batch (serialized now: the batch may be reused after the call). */
    public void batch(StepBatch batch, boolean spiked) {
        send(new ProducerRecord<>(topic, batch.streamId(), SpikeRecord.batch(batch, spiked)));
    }

    /** Sends a batch of a stream's neurons' outputs and the neurons that spiked (increasing; serialized now). */
    public void batch(StepBatch batch, int[] spikes) {
        send(new ProducerRecord<>(topic, batch.streamId(), SpikeRecord.batch(batch, spikes)));
    }

    /** Sends the end of {@code stream}, which spans {@code steps} steps. */
    public void end(int stream, long steps) {
        send(new ProducerRecord<>(topic, stream, SpikeRecord.end(stream, steps)));
    }

    private void send(ProducerRecord<Integer, SpikeRecord> record) {
        checkFailure();
        producer.send(record, callback);
        sent++;
    }

    /** Waits until every record sent is acknowledged by the cluster. */
    public void flush() {
        producer.flush();
        checkFailure();
    }

    /** Records sent so far; acknowledged so far. */
    public long sent() {
        return sent;
    }

    /** Records the broker acknowledged. */
    public long acknowledged() {
        return acked.get();
    }

    private void checkFailure() {
        Exception f = failure;
        if (f != null) {
            if (f instanceof org.apache.kafka.common.errors.AuthenticationException
                || f instanceof org.apache.kafka.common.errors.AuthorizationException) {
                throw KafkaBrokers.refused(bootstrap, client, f);
            }
            throw new IllegalStateException("sending to topic " + topic + " on " + bootstrap + " failed: " + f.getMessage(), f);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
