package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The one place that knows every stream's end: one notice per stream once all have ended, and not before. */
class EndsCollectorTest {
    private static final int STREAMS = 70; // more than one word of bits

    private static OneInputStreamOperatorTestHarness<InputStep, InputStep> harness(OperatorSubtaskState restored)
        throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new EndsCollector(STREAMS)));
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    /** The notices sent so far: "stream:steps". */
    private static List<String> notices(OneInputStreamOperatorTestHarness<InputStep, InputStep> h) {
        List<String> l = new ArrayList<>();
        for (InputStep r : h.extractOutputValues()) {
            assertTrue(r.isEndNotice() && r.isEnd(), r.toString());
            l.add(r.stream + ":" + r.endSteps);
        }
        return l;
    }

    private static List<String> every(long steps) {
        List<String> l = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            l.add(s + ":" + steps);
        }
        return l;
    }

    private static void end(OneInputStreamOperatorTestHarness<InputStep, InputStep> h, int stream, long steps)
        throws Exception {
        h.processElement(new StreamRecord<>(InputStep.end(stream, steps), steps));
    }

    @Test
    void oneNoticePerStreamOnceEveryStreamHasEnded() throws Exception {
        try (var h = harness(null)) {
            for (int s = 0; s < STREAMS - 1; s++) {
                end(h, s, 10 + s % 7);
                end(h, s, 10 + s % 7); // a repeat counts once
            }
            assertEquals(List.of(), notices(h), "one stream still runs");
            end(h, STREAMS - 1, 3);
            assertEquals(every(16), notices(h), "the latest end, to every stream's key");
            end(h, STREAMS - 1, 3);
            assertEquals(every(16), notices(h), "sent once");
        }
    }

    /** The notices go out before a watermark that comes after the last end (a key sees them first). */
    @Test
    void theNoticesComeBeforeALaterWatermark() throws Exception {
        try (var h = harness(null)) {
            for (int s = 0; s < STREAMS; s++) {
                end(h, s, 5);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertEquals(STREAMS + 1, out.size());
            assertEquals(new Watermark(Long.MAX_VALUE), out.get(STREAMS));
        }
    }

    /** The ends read before a snapshot come back from it (fails with them transient: the notices never go out). */
    @Test
    void theEndsComeBackFromASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            for (int s = 1; s < STREAMS; s++) {
                end(h, s, 4);
            }
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot)) {
            end(h, 0, 2);
            assertEquals(every(4), notices(h));
        }
    }

    @Test
    void anEndOutsideTheStreamsIsAnError() throws Exception {
        try (var h = harness(null)) {
            assertThrows(IllegalStateException.class, () -> end(h, STREAMS, 4));
        }
    }
}
