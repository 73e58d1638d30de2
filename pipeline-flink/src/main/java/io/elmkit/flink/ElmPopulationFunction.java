package io.elmkit.flink;

import io.elmkit.pipeline.ChannelSums;
import io.elmkit.sim.engine.SpikeRule;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.StepEvents;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The neurons listening to one input stream (the key): {@code neurons} copies of the model stepped
 * together as one block by sim-core's {@link EventStepper}. Their state lives in Flink keyed state
 * ({@link PopulationState}); a step is computed once the watermark has passed it (all its events
 * are in) or the stream's end-of-stream record has arrived. Records of a step not yet computed are
 * buffered whatever their order; a record of a step already computed cannot be used any more and
 * goes to the {@link #LATE} side output (the CLI fails the run on any), never silently dropped.
 *
 * <p>The stepper is a per-task cache: a callback loads the key's state into it, steps as many steps
 * as are ready and saves the state back, so a checkpoint always sees the state of whole steps.
 */
public final class ElmPopulationFunction extends KeyedProcessFunction<Integer, InputStep, StepOutput> {
    private static final long serialVersionUID = 1L;

    /** Records that arrived after their step had been computed. */
    public static final OutputTag<InputStep> LATE = new OutputTag<>("late-records", TypeInformation.of(InputStep.class));

    /** The model, in a serialisable form. */
    private final ModelPayload payload;
    /** Neurons per stream. */
    private final int neurons;
    /** The spike rule's parts (a SpikeRule is not serialisable); NaN threshold: no spikes. */
    private final double spikeThreshold;
    /** Steps a neuron stays silent after a spike. */
    private final int refractorySteps;

    private transient SpikeRule spikeRule;

    private transient ElmModel model;
    private transient EventStepper stepper;
    private transient StepEvents events;
    private transient float[] output;
    private transient int stateLength;
    private transient int numInput;
    private transient int numOutput;
    private transient ChannelSums sums;
    private transient ChannelSums.Sink toNeurons;
    /** The input sum every neuron of the key shares, where the stepper allows it; null otherwise. */
    private transient double[] sharedSum;
    private transient ValueState<PopulationState> state;
    private transient MapState<Long, InputStep> pending;
    private transient Counter neuronSteps;
    private transient Counter lateRecords;

    /**
     * @param spikeThreshold neurons spike when sigmoid(output 0) reaches it (NaN: no spikes), then stay
     *     silent for {@code refractorySteps} steps, as {@code elmkit run --spike-threshold}
     */
    public ElmPopulationFunction(ModelPayload payload, int neurons, double spikeThreshold, int refractorySteps) {
        if (neurons < 1) {
            throw new IllegalArgumentException("--neurons: expected at least 1, found " + neurons);
        }
        this.payload = payload;
        this.neurons = neurons;
        this.spikeThreshold = spikeThreshold;
        this.refractorySteps = refractorySteps;
        if (!Double.isNaN(spikeThreshold)) {
            SpikeRule.sigmoidOfOutput(0, spikeThreshold, refractorySteps); // checks the values here, on the client
        }
    }

    @Override
    public void open(OpenContext openContext) {
        model = payload.toModel();
        spikeRule = Double.isNaN(spikeThreshold) ? null : SpikeRule.sigmoidOfOutput(0, spikeThreshold, refractorySteps);
        stepper = new EventStepper(model, neurons);
        stateLength = stepper.neuronStateLength();
        numInput = model.numInput();
        numOutput = model.numOutput();
        events = new StepEvents(64 * neurons);
        output = new float[neurons * numOutput];
        sums = new ChannelSums();
        sharedSum = stepper.sharesInputSums() ? stepper.newSum() : null;
        toNeurons = sharedSum != null ? (c, v) -> stepper.addToSum(sharedSum, c, v) : (c, v) -> {
            for (int k = 0; k < neurons; k++) {
                events.add(k, c, v);
            }
        };
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("population", TypeInformation.of(PopulationState.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-steps", Types.LONG,
            TypeInformation.of(InputStep.class)));
        neuronSteps = getRuntimeContext().getMetricGroup().counter("neuronSteps");
        lateRecords = getRuntimeContext().getMetricGroup().counter("lateRecords");
    }

    @Override
    public void processElement(InputStep r, Context ctx, Collector<StepOutput> out) throws Exception {
        PopulationState s = state.value();
        if (s == null) {
            s = PopulationState.fresh(neurons, stateLength);
        }
        if (r.isEnd()) {
            if (s.endSteps == r.endSteps) {
                return; // the same end again (a producer that retried): nothing new
            }
            if (s.endSteps >= 0) {
                throw new IllegalStateException("stream " + r.stream + ": a second end-of-stream record says " + r.endSteps
                    + " steps, the first said " + s.endSteps);
            }
            if (s.nextStep > r.endSteps || s.maxStepSeen >= r.endSteps) {
                throw new IllegalStateException("stream " + r.stream + ": end-of-stream record says " + r.endSteps
                    + " steps, but step " + Math.max(s.nextStep - 1, s.maxStepSeen) + " was "
                    + (s.maxStepSeen >= r.endSteps ? "received" : "already computed (the end arrived later than allowed)"));
            }
            s.endSteps = r.endSteps;
            // The stream is complete: every remaining step can be computed now.
            compute(ctx.getCurrentKey(), s, r.endSteps - 1, out);
            state.update(s);
            out.collect(StepOutput.end(ctx.getCurrentKey(), r.endSteps));
            return;
        }
        if (s.endSteps >= 0 && r.step >= s.endSteps) {
            throw new IllegalStateException("stream " + r.stream + ": step batch of step " + r.step
                + " after the stream's end-of-stream record (" + s.endSteps + " steps)");
        }
        if (r.step < s.nextStep) {
            // Its step has been computed without it: report, never use it for a later step.
            lateRecords.inc();
            ctx.output(LATE, r);
            return;
        }
        for (int i = 0; i < r.channel.length; i++) {
            int c = r.channel[i];
            if (c < 0 || c >= numInput) {
                throw new IllegalArgumentException("stream " + r.stream + ", step " + r.step + ": channel " + c
                    + " outside the model's num_input " + numInput);
            }
        }
        s.maxStepSeen = Math.max(s.maxStepSeen, r.step);
        if (r.channel.length > 0) {
            InputStep held = pending.get(r.step);
            pending.put(r.step, held == null ? r : concat(held, r));
        }
        state.update(s);
        ctx.timerService().registerEventTimeTimer(s.nextStep);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StepOutput> out) throws Exception {
        PopulationState s = state.value();
        if (s == null || (s.endSteps >= 0 && s.nextStep >= s.endSteps)) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        long last = watermark;
        if (s.endSteps >= 0) {
            last = Math.min(last, s.endSteps - 1);
        } else if (watermark == Long.MAX_VALUE) {
            // The input ended (or was drained) without this stream's end record: stop at its last data.
            last = s.maxStepSeen;
        }
        compute(ctx.getCurrentKey(), s, last, out);
        state.update(s);
        if (s.endSteps < 0 && watermark != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(s.nextStep);
        }
    }

    /** Steps the stream's neurons from {@code s.nextStep} through {@code last}, emitting each step's outputs. */
    private void compute(int key, PopulationState s, long last, Collector<StepOutput> out) throws Exception {
        if (s.nextStep > last) {
            return;
        }
        for (int k = 0; k < neurons; k++) {
            stepper.loadNeuronState(k, s.neuronState, k * stateLength);
        }
        for (long t = s.nextStep; t <= last; t++) {
            InputStep batch = pending.get(t);
            if (sharedSum != null) {
                stepSharingTheSum(batch);
            } else {
                events.clear();
                if (batch != null) {
                    addMerged(batch);
                }
                stepper.step(events, output, 0, numOutput);
            }
            if (batch != null) {
                pending.remove(t);
            }
            int[] spikes = spikes(s);
            out.collect(new StepOutput(key, t, numOutput, output.clone(), spikes));
        }
        neuronSteps.inc((last - s.nextStep + 1) * neurons);
        for (int k = 0; k < neurons; k++) {
            stepper.saveNeuronState(k, s.neuronState, k * stateLength);
        }
        s.nextStep = last + 1;
    }

    /**
     * One step where every neuron of the key gets the same events: their input sum is built once
     * (the engine's StreamListeners do the same) and shared, the same bits as adding each event to
     * each neuron.
     */
    private void stepSharingTheSum(InputStep batch) {
        stepper.beginStep();
        if (batch != null && batch.channel.length > 0) {
            java.util.Arrays.fill(sharedSum, 0.0);
            addMerged(batch);
            for (int k = 0; k < neurons; k++) {
                stepper.shareSum(k, sharedSum);
            }
        }
        stepper.finishStep(output, 0, numOutput);
    }

    /** Adds a step's events, summed per channel as the engine and {@code predict} see them, to every neuron (or to the shared sum). */
    private void addMerged(InputStep batch) {
        sums.sum(batch.channel, batch.value, batch.channel.length, toNeurons);
    }

    private int[] spikes(PopulationState s) {
        if (spikeRule == null) {
            return NO_SPIKES;
        }
        int count = 0;
        int[] fired = null;
        for (int k = 0; k < neurons; k++) {
            if (s.refractoryLeft[k] > 0) {
                s.refractoryLeft[k]--;
            } else if (spikeRule.fires(output[k * numOutput + spikeRule.outputIndex()])) {
                s.refractoryLeft[k] = spikeRule.refractorySteps();
                if (fired == null) {
                    fired = new int[neurons];
                }
                fired[count++] = k;
            }
        }
        return count == 0 ? NO_SPIKES : Arrays.copyOf(fired, count);
    }

    private static final int[] NO_SPIKES = new int[0];

    private static InputStep concat(InputStep a, InputStep b) {
        int[] c = Arrays.copyOf(a.channel, a.channel.length + b.channel.length);
        float[] v = Arrays.copyOf(a.value, a.value.length + b.value.length);
        System.arraycopy(b.channel, 0, c, a.channel.length, b.channel.length);
        System.arraycopy(b.value, 0, v, a.value.length, b.value.length);
        return InputStep.batch(a.stream, a.step, c, v);
    }
}
