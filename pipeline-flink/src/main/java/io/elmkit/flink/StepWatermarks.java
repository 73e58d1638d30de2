package io.elmkit.flink;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time is the step. Each source split (a Kafka partition, the file source) says that every
 * step before {@code latest step seen - maxOutOfOrderSteps} is complete, and says it as soon as it
 * advances (punctuated, not every 200 ms: a step is computed as soon as its successor is seen).
 */
final class StepWatermarks implements WatermarkGenerator<InputStep> {
    private final long maxOutOfOrderSteps;
    /** Steps between two watermarks (1: every step, as a live input needs). */
    private final long everySteps;
    private long maxStep = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    private StepWatermarks(long maxOutOfOrderSteps, long everySteps) {
        this.maxOutOfOrderSteps = maxOutOfOrderSteps;
        this.everySteps = everySteps;
    }

    /** A watermark as soon as a step is complete: for live inputs, where a step is computed once its successor is seen. */
    static WatermarkStrategy<InputStep> strategy(long maxOutOfOrderSteps) {
        return strategy(maxOutOfOrderSteps, 1);
    }

    /**
     * A watermark every {@code everySteps} complete steps (the end of the input still sends the last):
     * for a bounded file, whose steps need not come out early; each key then computes a run of steps per
     * timer (one state load and save, one timer) instead of one.
     */
    static WatermarkStrategy<InputStep> strategy(long maxOutOfOrderSteps, long everySteps) {
        if (maxOutOfOrderSteps < 0) {
            throw new IllegalArgumentException("--max-out-of-order-steps: expected >= 0, found " + maxOutOfOrderSteps);
        }
        if (everySteps < 1) {
            throw new IllegalArgumentException("watermark interval: expected >= 1 steps, found " + everySteps);
        }
        return WatermarkStrategy.<InputStep>forGenerator(context -> new StepWatermarks(maxOutOfOrderSteps, everySteps))
            .withTimestampAssigner((record, previous) -> record.step);
    }

    /**
     * The feedback topic's records carry no input: their source says nothing about which steps are
     * complete, so it never holds the job's watermark back (it stays at Long.MAX_VALUE - 1; the
     * input's watermark decides, and MAX_VALUE still means "the input ended").
     */
    static WatermarkStrategy<InputStep> neutral() {
        return WatermarkStrategy.<InputStep>forGenerator(context -> new WatermarkGenerator<InputStep>() {
            @Override
            public void onEvent(InputStep record, long timestamp, WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE - 1));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE - 1));
            }
        }).withTimestampAssigner((record, previous) -> record.step);
    }

    @Override
    public void onEvent(InputStep record, long timestamp, WatermarkOutput output) {
        // An end-of-stream record carries the step after the stream's last, but a
        // producer sends it right after that last step's batch, before the other streams' batches of
        // that step: it counts as its stream's last step (as a step e would, it made the watermark
        // pass e - 1 with their batches still to come: computed without them, then late).
        long step = record.isEnd() ? timestamp - 1 : timestamp;
        if (step > maxStep) {
            maxStep = step;
            long mark = maxStep - maxOutOfOrderSteps - 1;
            if (mark > emitted && (emitted == Long.MIN_VALUE || mark - emitted >= everySteps)) {
                emitted = mark;
                output.emitWatermark(new Watermark(mark));
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // Everything is emitted in onEvent.
    }
}
