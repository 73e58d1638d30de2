package io.elmkit.flink;

import io.elmkit.io.events.EventsFile;
import io.elmkit.pipeline.TopicHeader;
import java.io.Serializable;
import io.elmkit.sim.network.Network;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.flink.connector.base.DeliveryGuarantee;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.pipeline.SpikeTopicReader;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The ELM population job: a stream of step batches keyed by stream id, each key's neurons stepped
 * by {@link ElmPopulationFunction} with their state in Flink keyed state, outputs per (stream, step).
 * Sources and sinks are chosen by the caller ({@link FlinkCommand}: an events file or a Kafka topic
 * in, an outputs file or a Kafka topic out); this class wires the middle and the job's settings.
 */
public final class ElmPopulationJob {
    /** Operator ids: keep them, or savepoints no longer map onto the job. */
    public static final String POPULATION_UID = "elm-population";
    public static final String SOURCE_UID = "elm-source";
    public static final String FEEDBACK_SOURCE_UID = "elm-feedback-source";
    public static final String ENDS_UID = "elm-stream-ends";
    /**
     * Steps between the file source's watermarks: a key computes up to 64 steps per timer (job 25-30 %
     * faster than a watermark per step, 50 streams x 100 neurons; 256 or one at the end gained no more).
     */
    static final int FILE_WATERMARK_STEPS = 64;
    /** Key groups: the most parallelism a savepoint of this job can be resumed at. */
    public static final int MAX_PARALLELISM = 128;

    private ElmPopulationJob() {
    }

    /**
     * The job's settings, immutable: {@code Options.builder().parallelism(2).build()}, every setting
     * checked there (errors name the option of `elmkit flink` that sets it).
     *
     * @param parallelism parallel instances of the population operator
     * @param neurons neurons listening to each stream
     * @param checkpointMs checkpoint interval in ms; 0: none
     * @param maxOutOfOrderSteps steps a record may come after a later step of its source split and still be used
     * @param spikeThreshold spike when sigmoid(output 0) reaches it; NaN: no spikes
     * @param refractorySteps steps after a spike in which a neuron does not spike again
     * @param maxLiveNeurons neurons a population task keeps live in steppers at most; 0: a share of the heap
     */
    public record Options(int parallelism, int neurons, long checkpointMs, long maxOutOfOrderSteps, double spikeThreshold,
                          int refractorySteps, long maxLiveNeurons) implements Serializable {
        public Options {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("--parallelism: expected 1 .. " + MAX_PARALLELISM + ", found " + parallelism);
            }
            if (neurons < 1) {
                throw new IllegalArgumentException("--neurons: expected at least 1, found " + neurons);
            }
            if (checkpointMs < 0) {
                throw new IllegalArgumentException("--checkpoint-ms: expected >= 0 (0: no checkpoints), found " + checkpointMs);
            }
            if (maxOutOfOrderSteps < 0) {
                throw new IllegalArgumentException("--max-out-of-order-steps: expected >= 0, found " + maxOutOfOrderSteps);
            }
            if (refractorySteps < 0) {
                throw new IllegalArgumentException("--refractory-steps: expected >= 0, found " + refractorySteps);
            }
            if (maxLiveNeurons < 0) {
                throw new IllegalArgumentException("--max-live-neurons: expected >= 0 (0: a share of the heap), found "
                    + maxLiveNeurons);
            }
            if (!Double.isNaN(spikeThreshold) && Double.isInfinite(spikeThreshold)) {
                throw new IllegalArgumentException("--spike-threshold: expected a finite number, found " + spikeThreshold);
            }
        }

        /** A builder with the defaults of `elmkit flink`. */
        public static Builder builder() {
            return new Builder();
        }

        /** Fluent settings with their defaults (1 instance, 1 neuron, no checkpoints, in order, no spikes, 2 steps). */
        public static final class Builder {
            private int parallelism = 1;
            private int neurons = 1;
            private long checkpointMs;
            private long maxOutOfOrderSteps;
            private double spikeThreshold = Double.NaN;
            private int refractorySteps = 2;
            private long maxLiveNeurons;

            private Builder() {
            }

            /** Parallel instances of the population operator, 1 .. MAX_PARALLELISM (default 1). */
            public Builder parallelism(int parallelism) {
                this.parallelism = parallelism;
                return this;
            }

            /** Neurons listening to each stream (default 1). */
            public Builder neurons(int neurons) {
                this.neurons = neurons;
                return this;
            }

            /** Checkpoint interval in ms (default 0: no checkpoints). */
            public Builder checkpointMs(long checkpointMs) {
                this.checkpointMs = checkpointMs;
                return this;
            }

            /** Steps a record may lag a later step of its split and still be used (default 0). */
            public Builder maxOutOfOrderSteps(long maxOutOfOrderSteps) {
                this.maxOutOfOrderSteps = maxOutOfOrderSteps;
                return this;
            }

            /** Spike when sigmoid(output 0) reaches it (default NaN: no spikes). */
            public Builder spikeThreshold(double spikeThreshold) {
                this.spikeThreshold = spikeThreshold;
                return this;
            }

            /** Steps after a spike without another (default 2). */
            public Builder refractorySteps(int refractorySteps) {
                this.refractorySteps = refractorySteps;
                return this;
            }

            /** Neurons a population task keeps live at most (default 0: a quarter of the heap, LiveSteppers). */
            public Builder maxLiveNeurons(long maxLiveNeurons) {
                this.maxLiveNeurons = maxLiveNeurons;
                return this;
            }

            /** The options, or an IllegalArgumentException naming the option out of range. */
            public Options build() {
                return new Options(parallelism, neurons, checkpointMs, maxOutOfOrderSteps, spikeThreshold, refractorySteps,
                    maxLiveNeurons);
            }
        }
    }

    /** Checkpointing and key groups, for a job built by {@link #populations}. */
    public static void configure(StreamExecutionEnvironment env, Options o) {
        env.setMaxParallelism(MAX_PARALLELISM);
        if (o.checkpointMs() > 0) {
            env.enableCheckpointing(o.checkpointMs());
            env.getCheckpointConfig().setMinPauseBetweenCheckpoints(Math.min(o.checkpointMs(), 500));
        }
    }

    /**
     * The populations on {@code input}: keyed by stream, one {@link ElmPopulationFunction} per key,
     * records later than allowed counted in the accumulators (see {@link LateRecords}).
     */
    public static SingleOutputStreamOperator<StepOutput> populations(DataStream<InputStep> input, ModelPayload model,
                                                                     Options o) {
        return populations(input, model, o, null, 0);
    }

    /**
     * The same with connections between the neurons of {@code streams} streams ({@code network}; null:
     * none): {@code input} then also carries the feedback topic's records ({@link #feedbackSource}),
     * and the spikes for other streams leave by {@link #feedbackSink}.
     */
    public static SingleOutputStreamOperator<StepOutput> populations(DataStream<InputStep> input, ModelPayload model,
                                                                     Options o, Network network, int streams) {
        return populations(input, model, o, network, streams, false);
    }

    /**
     * The same; {@code everyEnd}: the streams' ends in {@code input} (a topic's, {@link #kafkaSource})
     * also go to one {@link EndsCollector}, which tells every key once every stream has ended, and every
     * key steps its neurons until the last stream ends (the engine's semantics for streams of different
     * lengths); false: every stream ends at the same step (an events file).
     */
    public static SingleOutputStreamOperator<StepOutput> populations(DataStream<InputStep> input, ModelPayload model,
                                                                     Options o, Network network, int streams,
                                                                     boolean everyEnd) {
        if (everyEnd) {
            // One notice per key, sent while the collector handles the last end: before any watermark it
            // forwards after (which, from steps below the last end, would not pass it anyway).
            input = input.union(input.filter(EndsCollector::isStreamEnd).uid("stream-ends-filter").name("stream ends").setParallelism(1)
                .process(new EndsCollector(streams), TypeInformation.of(InputStep.class))
                .uid(ENDS_UID).name("every stream's end").setParallelism(1));
        }
        ElmPopulationFunction population = new ElmPopulationFunction(model, o.neurons(), o.spikeThreshold(),
            o.refractorySteps(), network, streams, everyEnd).maxLiveNeurons(o.maxLiveNeurons());
        if (everyEnd) { // a topic: its partitions' watermarks wait for each other (a file's single split does not)
            population.stepsOnOwnRecords(o.maxOutOfOrderSteps());
        }
        SingleOutputStreamOperator<StepOutput> outputs = input
            .keyBy(r -> r.stream, Types.INT)
            // Its own operator: it saves the keys' live steppers into keyed state before each snapshot.
            .transform("KeyedProcess", TypeInformation.of(StepOutput.class), new PopulationOperator(population))
            .uid(POPULATION_UID)
            .name("ELM population (" + o.neurons() + " neurons per stream)")
            .setParallelism(o.parallelism());
        outputs.getSideOutput(ElmPopulationFunction.LATE)
            .map(new LateRecords()).uid("late-records").name("late records").setParallelism(1)
            .sinkTo(new DiscardingSink<>()).uid("late-records-sink").setParallelism(1);
        return outputs;
    }

    /** The events of an events .npz (header read and checked by the caller), in step order, ending with the file. */
    public static DataStream<InputStep> fileSource(StreamExecutionEnvironment env, Path file, EventsFile header, Options o) {
        return env.fromSource(EventsFileSource.of(file, header),
                StepWatermarks.strategy(o.maxOutOfOrderSteps(), FILE_WATERMARK_STEPS),
                "events " + file.getFileName())
            .uid(SOURCE_UID).setParallelism(1);
    }

    /**
     * The records of a spike topic from its start (read_committed), never ending by itself: the
     * client stops the job with a drain once every stream's end record has come through
     * ({@link JobEnd}). One watermark per partition (a producer writes the streams in step order).
     * A topic's streams may end at different steps: {@link #populations} with {@code everyEnd} collects
     * their ends ({@link EndsCollector}).
     */
    public static DataStream<InputStep> kafkaSource(StreamExecutionEnvironment env, KafkaTopics.Address in,
                                                    TopicHeader header, Options o) {
        KafkaSource<InputStep> source = KafkaSource.<InputStep>builder()
            .setProperties(consumerSettings(in)) // the guarantees below
            .setBootstrapServers(in.bootstrap())
            .setTopics(in.topic())
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new KafkaInputSchema(header))
            .setGroupId("elmkit-flink")
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "false")
            .build();
        return env.fromSource(source, StepWatermarks.strategy(o.maxOutOfOrderSteps()), "spike topic " + in.topic())
            .uid(SOURCE_UID).setParallelism(1);
    }

    /**
     * The feedback topic of {@code --connections} from the offsets it had before the job started
     * ({@code start}: earlier records belong to other runs), read_uncommitted: a record a failed
     * attempt wrote is sent again identical by the recomputed step, and the keys keep one of each.
     */
    public static DataStream<InputStep> feedbackSource(StreamExecutionEnvironment env, KafkaTopics.Address feedback,
                                                       Map<TopicPartition, Long> start, int streams, Options o) {
        KafkaSource<InputStep> source = KafkaSource.<InputStep>builder()
            .setProperties(consumerSettings(feedback))
            .setBootstrapServers(feedback.bootstrap())
            .setTopics(feedback.topic())
            .setStartingOffsets(OffsetsInitializer.offsets(start))
            .setDeserializer(new FeedbackSchema(feedback.topic(), streams, o.neurons()))
            .setGroupId("elmkit-flink-feedback")
            .setProperty("commit.offsets.on.checkpoint", "false")
            .build();
        return env.fromSource(source, StepWatermarks.neutral(), "feedback topic " + feedback.topic())
            .uid(FEEDBACK_SOURCE_UID).setParallelism(1);
    }

    /** The populations' spikes for other streams into the feedback topic (at least once; see {@link #feedbackSource}). */
    public static void feedbackSink(SingleOutputStreamOperator<StepOutput> outputs, KafkaTopics.Address feedback,
                                    int streams, Options o) {
        KafkaSink<InputStep> sink = KafkaSink.<InputStep>builder()
            .setKafkaProducerConfig(feedbackProducerSettings(feedback))
            .setBootstrapServers(feedback.bootstrap())
            .setRecordSerializer(new FeedbackSchema(feedback.topic(), streams, o.neurons()))
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .build();
        outputs.getSideOutput(ElmPopulationFunction.FEEDBACK).sinkTo(sink).uid("feedback-sink")
            .name("feedback topic " + feedback.topic()).setParallelism(o.parallelism());
    }

    /**
     * Outputs (and end records) into an outputs spike topic, exactly once: written in Kafka
     * transactions committed with each checkpoint, so read_committed consumers see every
     * (stream, step) once even across failures. Needs checkpoints ({@code --checkpoint-ms}).
     */
    public static void kafkaSink(DataStream<StepOutput> outputs, KafkaTopics.Address out, Options o) {
        KafkaSink<StepOutput> sink = KafkaSink.<StepOutput>builder()
            .setKafkaProducerConfig(outputProducerSettings(out, o))
            .setBootstrapServers(out.bootstrap())
            .setRecordSerializer(new KafkaOutputSchema(out.topic()))
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix("elmkit-flink-" + out.topic())
            .build();
        outputs.sinkTo(sink).uid("kafka-outputs").name("outputs topic " + out.topic()).setParallelism(o.parallelism());
    }

    /**
     * A Kafka source's client settings: {@code --kafka-config} (security, tuning), then the live consumer's
     * defaults of the pipeline module where the file sets none (fetch.max.wait.ms 10: Kafka's 500 ms would
     * hold a step of a paced topic back by up to half a second).
     */
    static Properties consumerSettings(KafkaTopics.Address a) {
        return SpikeTopicReader.liveConsumerDefaults(a.properties(KafkaClientConfig.Client.CONSUMER));
    }

    /** The feedback producer's: a step's spikes go out when computed (linger.ms 0) unless the file says otherwise. */
    static Properties feedbackProducerSettings(KafkaTopics.Address a) {
        Properties p = a.properties(KafkaClientConfig.Client.PRODUCER);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        return p;
    }

    /**
     * The outputs producer's: the file's, and unless it sets one a transaction timeout below the broker's
     * transaction.max.timeout.ms (15 min by default) and above any checkpoint interval.
     */
    static Properties outputProducerSettings(KafkaTopics.Address a, Options o) {
        Properties p = a.properties(KafkaClientConfig.Client.PRODUCER);
        p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(Math.max(60_000, Math.min(600_000,
            10 * o.checkpointMs()))));
        return p;
    }
}
