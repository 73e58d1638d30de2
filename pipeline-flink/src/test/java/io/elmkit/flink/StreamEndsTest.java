package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * When a key of a topic's job steps after its stream's end (the engine steps every neuron until the
 * last stream ends): as far as the watermark says another stream runs, and to the last end once told
 * that every stream has ended (the notice of {@link EndsCollector}), then it ends. Stream 1 ends after 3
 * steps, stream 0 runs to 10; driven record by record through the population operator.
 */
class StreamEndsTest {
    private static final int STREAMS = 2;

    private static KeyedOneInputStreamOperatorTestHarness<Integer, InputStep, StepOutput> harness() throws Exception {
        return harness(null, true);
    }

    /** A harness on the population operator, from {@code restored} (null: fresh); {@code everyEnd} as the job's. */
    private static KeyedOneInputStreamOperatorTestHarness<Integer, InputStep, StepOutput> harness(
        OperatorSubtaskState restored, boolean everyEnd) throws Exception {
        return harness(restored, everyEnd, -1);
    }

    /** The same; {@code ownLateSteps >= 0}: keys also step on their own records (a topic's job, that many out-of-order steps). */
    private static KeyedOneInputStreamOperatorTestHarness<Integer, InputStep, StepOutput> harness(
        OperatorSubtaskState restored, boolean everyEnd, long ownLateSteps) throws Exception {
        ElmModel model = ElmModel.initialise(ElmConfig.builder(4, 2).numMemory(2).numBranch(2).numSynapsePerBranch(2)
            .build(), 1);
        ElmPopulationFunction f = new ElmPopulationFunction(new ModelPayload(model, "test"), 1, Double.NaN, 0, null,
            STREAMS, everyEnd);
        if (ownLateSteps >= 0) {
            f.stepsOnOwnRecords(ownLateSteps);
        }
        KeyedOneInputStreamOperatorTestHarness<Integer, InputStep, StepOutput> h =
            new KeyedOneInputStreamOperatorTestHarness<>(new PopulationOperator(f), r -> r.stream, Types.INT);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static InputStep step(int stream, long t) {
        return InputStep.batch(stream, t, new int[] {t % 2 == 0 ? 1 : 3}, new float[] {1f});
    }

    /** The steps of {@code stream} delivered so far, and its end marker's step count (-1: none) last. */
    private static List<Long> delivered(KeyedOneInputStreamOperatorTestHarness<Integer, InputStep, StepOutput> h,
                                        int stream) {
        List<Long> steps = new ArrayList<>();
        long end = -1;
        for (StepOutput o : h.extractOutputValues()) {
            if (o.stream == stream && o.isEnd()) {
                end = o.endSteps;
            } else if (o.stream == stream) {
                steps.add(o.step);
            }
        }
        steps.add(end);
        return steps;
    }

    private static List<Long> range(long from, long to, long end) {
        List<Long> l = new ArrayList<>();
        for (long t = from; t < to; t++) {
            l.add(t);
        }
        l.add(end);
        return l;
    }

    @Test
    void aKeyStepsPastItsEndAsFarAsTheWatermarkSaysAnotherStreamRuns() throws Exception {
        try (var h = harness()) {
            for (long t = 0; t < 3; t++) {
                h.processElement(new StreamRecord<>(step(0, t), t));
                h.processElement(new StreamRecord<>(step(1, t), t));
            }
            h.processElement(new StreamRecord<>(InputStep.end(1, 3), 3));
            for (long t = 3; t < 10; t++) {
                h.processElement(new StreamRecord<>(step(0, t), t));
            }
            h.processWatermark(8); // a record of step 9 came: stream 0 runs at step 8
            assertEquals(range(0, 9, -1), delivered(h, 1), "stream 1 after its end, up to the watermark, not ended");
            assertEquals(range(0, 9, -1), delivered(h, 0));

            h.processElement(new StreamRecord<>(InputStep.end(0, 10), 10));
            h.processElement(new StreamRecord<>(InputStep.allEnded(0, 10), 10));
            h.processElement(new StreamRecord<>(InputStep.allEnded(1, 10), 10));
            assertEquals(range(0, 10, 10), delivered(h, 1), "stream 1 to the last stream's end");
            assertEquals(range(0, 10, 10), delivered(h, 0));
        }
    }

    @Test
    void theNoticeAloneLetsAKeyStepToTheLastEnd() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(step(1, 0), 0));
            h.processElement(new StreamRecord<>(InputStep.end(1, 1), 1));
            assertEquals(range(0, 1, -1), delivered(h, 1), "stream 0's end unknown: stream 1 waits after its end");
            h.processElement(new StreamRecord<>(InputStep.allEnded(1, 6), 6));
            h.processElement(new StreamRecord<>(InputStep.allEnded(1, 6), 6)); // a repeat changes nothing
            assertEquals(range(0, 6, 6), delivered(h, 1), "no watermark: the notice alone");
        }
    }

    /**
     * The notice comes on another channel than the key's own records: before its own end it may overtake
     * the stream's last batches, so the key steps to the last end only once its own end has come.
     */
    @Test
    void aNoticeBeforeTheKeysOwnEndWaitsForIt() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(InputStep.allEnded(1, 6), 6));
            h.processElement(new StreamRecord<>(step(1, 0), 0));
            assertEquals(range(0, 0, -1), delivered(h, 1), "its own end not come: nothing stepped");
            h.processElement(new StreamRecord<>(step(1, 1), 1));
            h.processElement(new StreamRecord<>(InputStep.end(1, 2), 2));
            assertEquals(range(0, 6, 6), delivered(h, 1), "its own end: on to the last end");
        }
    }

    /**
     * A topic's job (one out-of-order step allowed): a key computes step t once its own stream has a
     * record of step t + 2 or later, with no watermark (another partition may hold it back); a record it
     * then gets for a computed step is late, as the watermark of its partition would have made it. The
     * outputs are the bits the watermark gives, also across a snapshot and restore.
     */
    @Test
    void aKeyStepsOnItsOwnRecordsAheadOfTheWatermark() throws Exception {
        List<StepOutput> byWatermark;
        try (var h = harness()) {
            for (long t = 0; t < 7; t++) {
                h.processElement(new StreamRecord<>(step(0, t), t));
            }
            h.processWatermark(6);
            byWatermark = h.extractOutputValues();
        }
        OperatorSubtaskState snapshot;
        try (var h = harness(null, true, 1)) {
            for (long t = 0; t < 6; t++) {
                h.processElement(new StreamRecord<>(step(0, t == 4 ? 5 : t == 5 ? 4 : t), t)); // 5 before 4: allowed
            }
            assertEquals(range(0, 4, -1), delivered(h, 0), "steps 0 .. 3 without a watermark");
            h.processElement(new StreamRecord<>(step(0, 3), 3));
            assertEquals(1, h.getSideOutput(ElmPopulationFunction.LATE).size(), "a record of a computed step is late");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot, true, 1)) {
            h.processElement(new StreamRecord<>(step(0, 6), 6));
            assertEquals(range(4, 5, -1), delivered(h, 0), "after a restore: step 4 from the record of step 6");
            h.processWatermark(6);
            assertEquals(range(4, 7, -1), delivered(h, 0), "the watermark still counts");
            List<StepOutput> got = h.extractOutputValues();
            for (StepOutput o : got) {
                assertArrayEquals(byWatermark.get((int) o.step).output, o.output, "step " + o.step);
            }
        }
    }

    /** The ends a key knew (its own among them) come back from a snapshot: the restored key ends with the next one. */
    @Test
    void theKnownEndsComeBackFromASnapshot() throws Exception {
        assertEquals(range(1, 4, 4), afterARestore(InputStep.end(1, 1), InputStep.allEnded(1, 4)),
            "after the restore: steps 1 .. 3, then the end");
    }

    /** A notice the key got before its own end comes back from a snapshot (fails with it transient). */
    @Test
    void aNoticeComesBackFromASnapshot() throws Exception {
        assertEquals(range(0, 4, 4), afterARestore(InputStep.allEnded(1, 4), InputStep.end(1, 1)),
            "after the restore: its end, then on to the last end");
    }

    /** Stream 1's steps delivered after a restore: step 0 and {@code before}, a snapshot, then {@code after}. */
    private static List<Long> afterARestore(InputStep before, InputStep after) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(step(1, 0), 0));
            h.processElement(new StreamRecord<>(before, before.endSteps));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot, true)) {
            h.processElement(new StreamRecord<>(after, after.endSteps));
            return delivered(h, 1);
        }
    }

    /**
     * A producer may end a stream after another stream's later steps: the watermark then passes the
     * end first, and the key steps past it without events, as it would after it (no error).
     */
    @Test
    void anEndThatComesAfterTheWatermarkPassedIt() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(step(0, 0), 0));
            for (long t = 0; t < 6; t++) {
                h.processElement(new StreamRecord<>(step(1, t), t));
            }
            h.processWatermark(4);
            h.processElement(new StreamRecord<>(InputStep.end(0, 2), 2));
            h.processElement(new StreamRecord<>(InputStep.end(1, 6), 6));
            h.processElement(new StreamRecord<>(InputStep.allEnded(0, 6), 6));
            h.processElement(new StreamRecord<>(InputStep.allEnded(1, 6), 6));
            assertEquals(range(0, 6, 6), delivered(h, 0));
            assertEquals(range(0, 6, 6), delivered(h, 1));
        }
    }

    /**
     * Key state from a savepoint of an elmkit that kept no stream ends (its layout field at the default
     * Flink's serialiser leaves for a field the savepoint lacks): a topic's job refuses it, on a record and
     * on a timer, since the ends read before the savepoint are lost; a file's job (no collected ends) goes on.
     */
    @Test
    void keyStateOfAnElmkitThatKeptNoEndsIsAClearErrorInATopicsJob() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(step(0, 0), 0));
            KeyedStateBackend<Integer> backend = h.getOperator().getKeyedStateBackend();
            backend.setCurrentKey(0);
            ValueState<PopulationState> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("population", TypeInformation.of(PopulationState.class)));
            PopulationState old = state.value();
            assertEquals(PopulationState.ENDS_COLLECTED, old.layout);
            old.layout = 0;
            state.update(old);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot, true)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> h.processElement(new StreamRecord<>(step(0, 1), 1)));
            assertTrue(e.getMessage().contains("savepoint of an elmkit that kept no stream ends"), e.getMessage());
        }
        try (var h = harness(snapshot, true)) {
            assertThrows(IllegalStateException.class, () -> h.processWatermark(5)); // the key's timer
        }
        try (var h = harness(snapshot, false)) {
            h.processElement(new StreamRecord<>(step(0, 1), 1));
            h.processWatermark(1);
            assertEquals(List.of(0L, 1L, -1L), delivered(h, 0));
        }
    }
}
