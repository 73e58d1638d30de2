package io.elmkit.flink;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.pipeline.KafkaBrokers;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeRecordDeserializer;
import io.elmkit.pipeline.SpikeRecordSerializer;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.TopicHeader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The client's side of the job's topics: {@code kafka://HOST:PORT/TOPIC}, the input's header, the output's header. */
final class KafkaTopics {
    private KafkaTopics() {
    }

    /**
     * HOST:PORT and TOPIC of {@code kafka://HOST:PORT/TOPIC}; anything else is an error naming the
     * option. {@code client}: the Kafka client settings (security, tuning) of every client on it.
     */
    record Address(String bootstrap, String topic, KafkaClientConfig client) {
        Address(String bootstrap, String topic) {
            this(bootstrap, topic, KafkaClientConfig.NONE);
        }

        /** This address with the client settings of {@code settings} ({@code --kafka-config}). */
        Address with(KafkaClientConfig settings) {
            return new Address(bootstrap, topic, settings);
        }

        /** The file's settings that {@code kind} of client knows, to add elmkit's own to. */
        Properties properties(KafkaClientConfig.Client kind) {
            return client.applyTo(new Properties(), kind);
        }

        static Address parse(String option, URI uri) {
            String path = uri.getPath() == null ? "" : uri.getPath();
            String topic = path.startsWith("/") ? path.substring(1) : path;
            if (!"kafka".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0 || topic.isEmpty()
                || topic.contains("/") || uri.getQuery() != null) {
                throw new IllegalArgumentException(option + ": expected kafka://HOST:PORT/TOPIC, found " + uri);
            }
            return new Address(uri.getHost() + ":" + uri.getPort(), topic);
        }

        @Override
        public String toString() {
            return "kafka://" + bootstrap + "/" + topic;
        }
    }

    /**
     * The header record at the start of partition 0, waiting up to {@code wait} for it (a live producer may
     * start later). The consumer's own first metadata request is the broker check (no broker: fail within
     * {@link io.elmkit.pipeline.KafkaBrokers#connectWait()}; refused credentials: fail at once), rather than
     * an admin client opened for it alone.
     */
    static TopicHeader readHeader(Address a, Duration wait) throws Exception {
        Properties p = a.properties(KafkaClientConfig.Client.CONSUMER);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        SpikeTopicReader.liveConsumerDefaults(p); // a header that arrives later is seen within ms, not 500 ms
        long deadline = System.nanoTime() + wait.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = consumer(a, p)) {
            requireBroker(a, c);
            TopicPartition first = new TopicPartition(a.topic(), 0);
            c.assign(List.of(first));
            c.seekToBeginning(List.of(first));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String where = a + " partition 0 offset " + r.offset();
                    SpikeRecord record = SpikeRecordDeserializer.decode(where, r.headers(), r.value());
                    if (record.kind() != SpikeRecord.Kind.HEADER) {
                        throw new InputFormatException(where, "first record", "the topic's header record", record.toString());
                    }
                    if (!TopicHeader.EVENTS.equals(record.header().content())) {
                        throw new InputFormatException(where, "content", "\"events\" (a spike topic)",
                            "\"" + record.header().content() + "\"");
                    }
                    return record.header();
                }
            }
        }
        throw new IllegalArgumentException(a + ": no header record arrived within " + wait.toSeconds()
            + " s (is the topic being published? start `elmkit publish` first)");
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Address a, Properties p) {
        try {
            return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw KafkaBrokers.refused(a.bootstrap(), a.client(), e); // settings Kafka refuses to open with
        }
    }

    /** Fails with one line when no broker answers {@code c} within the connect wait, or one refuses its settings. */
    private static void requireBroker(Address a, KafkaConsumer<?, ?> c) {
        Duration connect = KafkaBrokers.connectWait();
        try {
            c.partitionsFor(a.topic(), connect); // an absent topic: an empty list (a publisher may create it later)
        } catch (AuthenticationException e) {
            throw KafkaBrokers.refused(a.bootstrap(), a.client(), e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw KafkaBrokers.noBroker(a.bootstrap(), a.topic(), connect, a.client());
        }
    }

    /** Partitions of the topic, creating it with {@code partitions} when absent. */
    static int ensureTopic(Address a, int partitions) throws Exception {
        io.elmkit.pipeline.KafkaBrokers.require(a.bootstrap(), a.topic(), a.client());
        Properties p = a.properties(KafkaClientConfig.Client.ADMIN);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap());
        try (Admin admin = Admin.create(p)) {
            try {
                admin.createTopics(List.of(new NewTopic(a.topic(), partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    Map<String, TopicDescription> d = admin.describeTopics(List.of(a.topic())).allTopicNames().get();
                    return d.get(a.topic()).partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt > 50) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** The end offset of each of the topic's {@code partitions} partitions now (where a new reader of it starts). */
    static Map<TopicPartition, Long> endOffsets(Address a, int partitions) {
        Properties p = a.properties(KafkaClientConfig.Client.CONSUMER);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new java.util.ArrayList<>();
            for (int part = 0; part < partitions; part++) {
                all.add(new TopicPartition(a.topic(), part));
            }
            return new java.util.HashMap<>(c.endOffsets(all, Duration.ofSeconds(60)));
        }
    }

    /** Writes the outputs topic's header record to every partition, before the job writes any batch. */
    static void writeHeader(Address a, TopicHeader header, int partitions) throws Exception {
        Properties p = a.properties(KafkaClientConfig.Client.PRODUCER);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            SpikeRecordSerializer values = new SpikeRecordSerializer();
            for (int part = 0; part < partitions; part++) {
                RecordHeaders headers = new RecordHeaders();
                byte[] value = values.serialize(a.topic(), headers, SpikeRecord.header(header));
                producer.send(new ProducerRecord<byte[], byte[]>(a.topic(), part, (byte[]) null, value, headers)).get();
            }
        }
    }
}
