package io.elmkit.flink;

import java.io.Serializable;
import java.time.Duration;
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
    /** Key groups: the most parallelism a savepoint of this job can be resumed at. */
    public static final int MAX_PARALLELISM = 128;

    private ElmPopulationJob() {
    }

    /** The job's settings. */
    public static final class Options implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Parallel instances of the population operator. */
        public int parallelism = 1;
        /** Neurons listening to each stream. */
        public int neurons = 1;
        /** Checkpoint interval in ms; 0: none. */
        public long checkpointMs;
        /** Steps a record may come after a later step of its source split and still be used. */
        public long maxOutOfOrderSteps;
        /** Spike when sigmoid(output 0) reaches it; NaN: no spikes. */
        public double spikeThreshold = Double.NaN;
        public int refractorySteps = 2;
    }

    /** Checkpointing, restarts and key groups, for a job built by {@link #populations}. */
    public static void configure(StreamExecutionEnvironment env, Options o) {
        if (o.parallelism < 1 || o.parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("--parallelism: expected 1 .. " + MAX_PARALLELISM + ", found " + o.parallelism);
        }
        if (o.checkpointMs < 0) {
            throw new IllegalArgumentException("--checkpoint-ms: expected >= 0 (0: no checkpoints), found " + o.checkpointMs);
        }
        env.setMaxParallelism(MAX_PARALLELISM);
        if (o.checkpointMs > 0) {
            env.enableCheckpointing(o.checkpointMs);
            env.getCheckpointConfig().setMinPauseBetweenCheckpoints(Math.min(o.checkpointMs, 500));
        }
    }

    /**
     * The populations on {@code input}: keyed by stream, one {@link ElmPopulationFunction} per key,
     * records later than allowed counted in the accumulators (see {@link LateRecords}).
     */
    public static SingleOutputStreamOperator<StepOutput> populations(DataStream<SpikeRecord> input, ModelPayload model,
                                                                     Options o) {
        SingleOutputStreamOperator<StepOutput> outputs = input
            .keyBy(r -> r.stream, Types.INT)
            .process(new ElmPopulationFunction(model, o.neurons, o.spikeThreshold, o.refractorySteps))
            .returns(StepOutput.class)
            .uid(POPULATION_UID)
            .name("ELM population (" + o.neurons + " neurons per stream)")
            .setParallelism(o.parallelism);
        outputs.getSideOutput(ElmPopulationFunction.LATE)
            .map(new LateRecords()).uid("late-records").name("late records").setParallelism(1)
            .sinkTo(new DiscardingSink<>()).uid("late-records-sink").setParallelism(1);
        return outputs;
    }

    /** Watermark idleness for live sources whose partitions may fall silent; null: none. */
    static Duration idleness(long ms) {
        return ms > 0 ? Duration.ofMillis(ms) : null;
    }
}
