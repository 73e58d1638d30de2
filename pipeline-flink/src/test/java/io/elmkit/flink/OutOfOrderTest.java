package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event time = step: records out of order within the allowed lateness are buffered and give the
 * in-order outputs bit for bit; a record later than allowed is not used and is counted (the CLI
 * fails the run on it), never folded silently into a later step.
 */
class OutOfOrderTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    static final int STREAMS = 3;
    static final int STEPS = 40;
    static final int CHANNELS = 16;

    final ElmModel model = ElmModel.initialise(ElmConfig.builder(CHANNELS, 2).numMemory(4).numBranch(4)
        .numSynapsePerBranch(4).build(), 5);
    final float[] raster = PoissonRaster.dense(3, STREAMS, STEPS, CHANNELS, 80.0, 1.0);
    final EventsFile events = EventsFile.fromDense(raster, STREAMS, STEPS, CHANNELS, 1.0);

    /** Step batches in step order, each step's batches split in two halves, with steps t and t + 1 swapped for odd t. */
    List<InputStep> swappedRecords() {
        List<List<InputStep>> perStep = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            List<InputStep> step = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < events.size(); i++) {
                    if (events.sample[i] == s && events.step[i] == t) {
                        idx.add(i);
                    }
                }
                // Two halves, the second first: the function must restore channel order itself.
                int half = idx.size() / 2;
                step.add(batch(s, t, idx.subList(half, idx.size())));
                step.add(batch(s, t, idx.subList(0, half)));
            }
            perStep.add(step);
        }
        List<InputStep> all = new ArrayList<>();
        for (int t = 0; t < STEPS; t += 2) {
            all.addAll(perStep.get(Math.min(t + 1, STEPS - 1)));
            if (t + 1 < STEPS) {
                all.addAll(perStep.get(t));
            }
        }
        for (int s = 0; s < STREAMS; s++) {
            all.add(InputStep.end(s, STEPS));
        }
        return all;
    }

    private InputStep batch(int stream, int step, List<Integer> idx) {
        int[] c = new int[idx.size()];
        float[] v = new float[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            c[k] = events.channel[idx.get(k)];
            v[k] = events.value[idx.get(k)];
        }
        return InputStep.batch(stream, step, c, v);
    }

    /** Runs the job on the records; returns the outputs of neuron 0 (streams, steps, d_o) and the late count. */
    Object[] run(List<InputStep> records, long maxOutOfOrderSteps) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ElmPopulationJob.Options o = ElmPopulationJob.Options.builder().parallelism(2).neurons(2)
            .maxOutOfOrderSteps(maxOutOfOrderSteps).build();
        ElmPopulationJob.configure(env, o);
        DataStream<InputStep> source = env.fromData(records, TypeInformation.of(InputStep.class)).setParallelism(1)
            .assignTimestampsAndWatermarks(StepWatermarks.strategy(maxOutOfOrderSteps)).setParallelism(1);
        CloseableIterator<StepOutput> it = ElmPopulationJob.populations(source, new ModelPayload(model, "test"), o)
            .collectAsync();
        JobClient job = env.executeAsync("out of order");
        OutputsAssembler a = new OutputsAssembler(STREAMS, STEPS, 2, 2);
        while (it.hasNext()) {
            StepOutput out = it.next();
            if (!out.isEnd()) {
                a.accept(out);
            }
        }
        JobExecutionResult r = job.getJobExecutionResult().get();
        Long late = r.getAccumulatorResult(LateRecords.COUNT);
        return new Object[] {a, late == null ? 0L : late};
    }

    @Test
    void outOfOrderWithinTheAllowedStepsEqualsInOrder() throws Exception {
        float[] expected = BatchForward.run(model, StepperKind.EVENT, raster, STREAMS, STEPS, 1);
        Object[] r = run(swappedRecords(), 1);
        OutputsAssembler a = (OutputsAssembler) r[0];
        a.requireComplete();
        assertEquals(0L, r[1]);
        assertEquals(0, a.copyMismatches());
        assertArrayEquals(expected, a.output());
    }

    @Test
    void aRecordLaterThanAllowedIsCountedNotUsed() throws Exception {
        Object[] r = run(swappedRecords(), 0);
        // With no lateness allowed, step t's batches come after step t + 1's watermark: each is late.
        assertTrue((Long) r[1] > 0, "late records were not reported");
    }
}
