package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class StepWatermarksTest {
    /** An output that adds every watermark's timestamp to {@code marks}. */
    private static WatermarkOutput collecting(List<Long> marks) {
        return new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                marks.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
            }

            @Override
            public void markActive() {
            }
        };
    }

    /** The watermarks a generator emits for records of steps 0 .. steps - 1, in order. */
    private static List<Long> marks(WatermarkGenerator<InputStep> g, int steps) {
        List<Long> marks = new ArrayList<>();
        WatermarkOutput out = collecting(marks);
        for (int t = 0; t < steps; t++) {
            g.onEvent(InputStep.batch(0, t, new int[0], new float[0]), t, out);
        }
        return marks;
    }

    @Test
    void aLiveInputGetsAWatermarkAsSoonAsAStepIsComplete() {
        assertEquals(List.of(-1L, 0L, 1L, 2L, 3L, 4L), marks(StepWatermarks.strategy(0).createWatermarkGenerator(null), 6));
    }

    @Test
    void aFileGetsOneEveryNSteps() {
        assertEquals(List.of(-1L, 3L, 7L), marks(StepWatermarks.strategy(0, 4).createWatermarkGenerator(null), 11));
        assertEquals(List.of(-3L, 1L, 5L), marks(StepWatermarks.strategy(2, 4).createWatermarkGenerator(null), 11));
    }

    /**
     * A live producer sends a stream's end right after its last batch, before the other streams' batches
     * of that step: the end of stream 1 after 30 steps (during step 29) says steps up to 28 are complete.
     */
    @Test
    void anEndCountsAsItsStreamsLastStep() {
        WatermarkGenerator<InputStep> g = StepWatermarks.strategy(0).createWatermarkGenerator(null);
        List<Long> marks = new ArrayList<>();
        WatermarkOutput out = collecting(marks);
        g.onEvent(InputStep.batch(0, 29, new int[0], new float[0]), 29, out);
        g.onEvent(InputStep.end(1, 30), 30, out);
        g.onEvent(InputStep.batch(2, 29, new int[0], new float[0]), 29, out);
        assertEquals(List.of(28L), marks, "stream 2's batch of step 29 was still to come");
        g.onEvent(InputStep.batch(0, 30, new int[0], new float[0]), 30, out);
        assertEquals(List.of(28L, 29L), marks, "step 29 complete once a step 30 batch came");
    }

    @Test
    void anIntervalBelowOneStepIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StepWatermarks.strategy(0, 0));
    }
}
