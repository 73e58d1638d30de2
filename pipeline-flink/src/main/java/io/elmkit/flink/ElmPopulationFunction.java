package io.elmkit.flink;

import io.elmkit.pipeline.ChannelSums;
import io.elmkit.sim.engine.SpikeRule;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.StepEvents;
import io.elmkit.sim.network.Network;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
 * <p>With a {@link Network} ({@code --connections}) a key also receives feedback records: the spikes
 * of every stream that connects to it, one record per source stream and step (sent by that stream's
 * key to the {@link #FEEDBACK} side output, which the job writes to the feedback topic and reads
 * back). A step t is computed only when its input is complete and every source's records up to
 * t - (its shortest delay) are in; its arriving spikes are added after the input events in the
 * engine's order (the step they were sent at, then source stream, source neuron and file row), so
 * outputs equal {@code elmkit run --connections} bit for bit. Connections within the key use the same
 * path without the topic. A step is computed from the same records after a restart, so its records
 * are sent again identical: a key keeps the first and ignores the others (by source and step).
 *
 * <p>Streams may end at different steps (a spike topic): the engine steps every neuron until the last
 * stream ends, an ended stream's neurons without input events but with their connections' spikes.
 * So does a key here when the input tells it once every stream has ended ({@code everyEnd}, the notice
 * of {@link EndsCollector}): after its own end it steps as far as the watermark says another stream
 * runs, and ends (marker, feedback end) at the latest end once told. The notice is used only after the
 * key's own end record (which follows its stream's batches on one channel; the notice comes on another).
 *
 * <p>Each key's neurons stay live in a stepper of their own between checkpoints (a run of ready steps
 * no longer loads and saves them): {@link PopulationOperator}, the operator this function must run in
 * ({@link ElmPopulationJob#populations}), writes every key stepped since the last snapshot back into
 * its {@link PopulationState} just before Flink snapshots the keyed state, so a checkpoint or
 * savepoint still holds the state of whole steps. After a restore a key's stepper is loaded from that
 * state on its first step; a stream that has ended saves and drops its stepper. At most
 * {@link #maxLiveNeurons} neurons are live per task: past that, the least recently stepped keys are
 * written back into their state and dropped (their next step loads them again), so many streams on one
 * task cost keyed state, not an unbounded number of steppers.
 */
public final class ElmPopulationFunction extends KeyedProcessFunction<Integer, InputStep, StepOutput> {
    private static final long serialVersionUID = 1L;

    /** Records that arrived after their step had been computed. */
    public static final OutputTag<InputStep> LATE = new OutputTag<>("late-records", TypeInformation.of(InputStep.class));

    /** Spikes for other streams ({@link InputStep#feedback}), to go through the feedback topic. */
    public static final OutputTag<InputStep> FEEDBACK = new OutputTag<>("feedback", TypeInformation.of(InputStep.class));

    /** The model, in a serialisable form. */
    private final ModelPayload payload;
    /** Neurons per stream. */
    private final int neurons;
    /** The spike rule's parts (a SpikeRule is not serialisable); NaN threshold: no spikes. */
    private final double spikeThreshold;
    /** Steps a neuron stays silent after a spike. */
    private final int refractorySteps;
    /** Connections between neurons; null: independent neurons. */
    private final Network network;
    /** Streams of the input (feedback records are filed under step * streams + source). */
    private final int streams;
    /**
     * The input tells every key once every stream has ended ({@link EndsCollector}): a key steps its
     * neurons until the last stream ends, as the engine does. Otherwise it stops at its own end (every
     * stream ends at the same step: an events file).
     */
    private final boolean everyEnd;

    /** Live neurons per task at most (whole keys); 0: a share of the heap ({@link LiveSteppers#keys}). */
    private long maxLiveNeurons;

    /**
     * -1: a step is computed once the watermark passes it. Otherwise (a topic's job) also once the key's
     * own stream has a record more than this many steps later ({@code --max-out-of-order-steps}): see
     * {@link #stepsOnOwnRecords}.
     */
    private long ownRecordsLateSteps = -1;

    private transient SpikeRule spikeRule;

    private transient ElmModel model;
    /** The stepper of the key being computed (one of {@link #live}). */
    private transient EventStepper stepper;
    /** Per key, the stepper holding its neurons' state since it was last loaded; least recently stepped first. */
    private transient LinkedHashMap<Integer, EventStepper> live;
    /** Keys {@link #live} may hold before the least recently stepped is written back and dropped. */
    private transient long liveKeys;
    /** Makes a key the operator's current one (keyed state then reads and writes it): {@link PopulationOperator}. */
    private transient Consumer<Object> selectKey;
    private transient Counter evictions;
    /** Keys stepped since the last snapshot: their {@link PopulationState#neuronState} is behind their stepper. */
    private transient Set<Integer> unsaved;
    private transient StepEvents events;
    private transient float[] output;
    private transient int stateLength;
    private transient int numInput;
    private transient int numOutput;
    private transient ChannelSums sums;
    private transient ChannelSums.Sink toNeurons;
    /** The input sum every neuron of the key shares, where the stepper allows it; null otherwise. */
    private transient double[] sharedSum;
    /** Where a step's arrivals go: the stepper's own events of a neuron (shared sums) or the event list. */
    private transient EventSink arrivalSink;

    /** One event to one neuron. */
    @FunctionalInterface
    private interface EventSink {
        void add(int neuron, int channel, float value);
    }
    private transient ValueState<PopulationState> state;
    private transient MapState<Long, InputStep> pending;
    private transient Counter neuronSteps;
    private transient Counter lateRecords;
    /** Feedback records by step * streams + source stream (spiking neurons; empty: none spiked). */
    private transient MapState<Long, int[]> arrived;
    private transient Map<Integer, NetworkRoutes.Incoming> incoming;
    private transient Map<Integer, int[]> targets;

    /**
     * @param spikeThreshold neurons spike when sigmoid(output 0) reaches it (NaN: no spikes), then stay
     *     silent for {@code refractorySteps} steps, as {@code elmkit run --spike-threshold}
     */
    public ElmPopulationFunction(ModelPayload payload, int neurons, double spikeThreshold, int refractorySteps) {
        this(payload, neurons, spikeThreshold, refractorySteps, null, 0);
    }

    /** The same with connections between the neurons of {@code streams} streams (null: none). */
    public ElmPopulationFunction(ModelPayload payload, int neurons, double spikeThreshold, int refractorySteps,
                                 Network network, int streams) {
        this(payload, neurons, spikeThreshold, refractorySteps, network, streams, false);
    }

    /**
     * The same; {@code everyEnd}: the input carries the notices of {@link EndsCollector}, and
     * each key steps until the last of the {@code streams} streams ends.
     */
    public ElmPopulationFunction(ModelPayload payload, int neurons, double spikeThreshold, int refractorySteps,
                                 Network network, int streams, boolean everyEnd) {
        if (network != null && (Double.isNaN(spikeThreshold) || streams < 1)) {
            throw new IllegalArgumentException("--connections: needs --spike-threshold and at least one stream");
        }
        if (everyEnd && streams < 1) {
            throw new IllegalArgumentException("the ends of every stream: expected at least one stream, found " + streams);
        }
        this.network = network;
        this.streams = streams;
        this.everyEnd = everyEnd;
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
        live = new LinkedHashMap<>(16, 0.75f, true); // access order: a key's step moves it last
        unsaved = new HashSet<>();
        stateLength = stepper.neuronStateLength();
        liveKeys = LiveSteppers.keys(maxLiveNeurons, neurons, stateLength,
            getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        numInput = model.numInput();
        numOutput = model.numOutput();
        events = new StepEvents(64 * neurons);
        output = new float[neurons * numOutput];
        sums = new ChannelSums();
        sharedSum = stepper.sharesInputSums() ? stepper.newSum() : null;
        arrivalSink = sharedSum != null ? (k, c, v) -> stepper.addEvent(k, c, v) : events::add; // the current key's stepper
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
        evictions = getRuntimeContext().getMetricGroup().counter("liveStepperEvictions");
        arrived = getRuntimeContext().getMapState(new MapStateDescriptor<>("arrived-spikes", Types.LONG,
            TypeInformation.of(int[].class)));
        incoming = new HashMap<>();
        targets = new HashMap<>();
    }

    @Override
    public void processElement(InputStep r, Context ctx, Collector<StepOutput> out) throws Exception {
        int key = ctx.getCurrentKey();
        PopulationState s = checkedLayout(state.value(), everyEnd);
        if (s == null) {
            s = PopulationState.fresh(neurons, stateLength, incoming(key).sources.length);
        }
        if (r.isEndNotice()) {
            s.allEnded = true;
            s.latestEnd = Math.max(s.latestEnd, r.endSteps);
            advance(ctx, key, s, out);
            state.update(s);
            return;
        }
        if (r.isFeedback()) {
            receive(key, s, r);
            advance(ctx, key, s, out);
            state.update(s);
            return;
        }
        if (r.isEnd()) {
            if (s.endSteps == r.endSteps) {
                return; // the same end again (a producer that retried): nothing new
            }
            if (s.endSteps >= 0) {
                throw new IllegalStateException("stream " + r.stream + ": a second end-of-stream record says " + r.endSteps
                    + " steps, the first said " + s.endSteps);
            }
            // With every end known to every key, steps computed past the end before it came had no events,
            // as they would after it: only a received step past the end is wrong.
            if ((!everyEnd && s.nextStep > r.endSteps) || s.maxStepSeen >= r.endSteps) {
                throw new IllegalStateException("stream " + r.stream + ": end-of-stream record says " + r.endSteps
                    + " steps, but step " + Math.max(s.nextStep - 1, s.maxStepSeen) + " was "
                    + (s.maxStepSeen >= r.endSteps ? "received" : "already computed (the end arrived later than allowed)"));
            }
            s.endSteps = r.endSteps;
            s.latestEnd = Math.max(s.latestEnd, r.endSteps);
            // The stream is complete: every remaining step can be computed now.
            advance(ctx, key, s, out);
            state.update(s);
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
        if (ownRecordsComplete(s) >= s.nextStep) {
            advance(ctx, key, s, out); // its own records say a step is complete: no need to wait for the watermark
        } else {
            ctx.timerService().registerEventTimeTimer(s.nextStep);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StepOutput> out) throws Exception {
        PopulationState s = checkedLayout(state.value(), everyEnd);
        if (s == null || s.endSent) {
            return;
        }
        advance(ctx, ctx.getCurrentKey(), s, out);
        state.update(s);
    }

    /**
     * Computes what the input and the feedback allow, and asks to be called again when the watermark
     * passes the next step. Not when the feedback holds it back (next step at or below the watermark):
     * a timer registered there would fire again at once, in a loop; the feedback's arrival calls this.
     */
    private void advance(Context ctx, int key, PopulationState s, Collector<StepOutput> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long before = s.nextStep;
        compute(ctx, key, s, inputComplete(s, watermark), out);
        if (ownRecordsLateSteps >= 0 && s.nextStep > before) {
            // Computed ahead of the watermark: the timer of the step that was next would only fire for nothing
            // (and, while the watermark is held back, one per step would pile up).
            ctx.timerService().deleteEventTimeTimer(before);
        }
        boolean watermarkDecides = s.endSteps < 0 || (everyEnd && !s.endSent); // after the end: whether a stream runs
        if (watermarkDecides && watermark != Long.MAX_VALUE && s.nextStep > watermark) {
            ctx.timerService().registerEventTimeTimer(s.nextStep);
        }
    }

    /** The last step whose input is complete at {@code watermark}. */
    private long inputComplete(PopulationState s, long watermark) {
        if (s.endSteps >= 0) {
            if (!everyEnd) {
                return s.endSteps - 1; // the end record says every step's events are in
            }
            // Steps after the end have no events, and run while another stream runs: one whose end is
            // later, or one with a record of a later step. A watermark w (not the end of the input's
            // Long.MAX_VALUE, nor the feedback source's MAX_VALUE - 1) says a record of step w + 1 or
            // later (a batch, or an end after it) came: a stream runs at w, so steps up to w run.
            boolean fromInput = watermark < Long.MAX_VALUE - 1;
            return Math.max(s.latestEnd - 1, fromInput ? watermark : -1);
        }
        // The input ended (or was drained) without this stream's end record: stop at its last data.
        return watermark == Long.MAX_VALUE ? s.maxStepSeen : Math.max(watermark, ownRecordsComplete(s));
    }

    /**
     * The last step the key's own records say is complete (-1 or less: none; always, without
     * {@link #stepsOnOwnRecords}): every step before its latest record's minus the out-of-order steps
     * allowed. The watermark of the record's source split says as much for all the split's streams,
     * since a split's streams are the key's and others: a record this makes late was already later
     * than allowed. Unlike the watermark it does not wait for the other splits.
     */
    private long ownRecordsComplete(PopulationState s) {
        return ownRecordsLateSteps < 0 ? -1 : s.maxStepSeen - ownRecordsLateSteps - 1;
    }

    /**
     * Steps the stream's neurons from {@code s.nextStep} through {@code last} (or as far as the
     * feedback allows), emitting each step's outputs and spikes, then the end marker after the last step.
     */
    private void compute(Context ctx, int key, PopulationState s, long last, Collector<StepOutput> out)
        throws Exception {
        last = Math.min(last, feedbackLimit(key, s));
        if (s.nextStep > last) {
            finishIfDone(ctx, key, s, out);
            return;
        }
        stepper = liveStepper(key, s);
        for (long t = s.nextStep; t <= last; t++) {
            InputStep batch = pending.get(t);
            if (sharedSum != null) {
                stepper.beginStep();
                shareInputSum(batch);
                if (network != null) {
                    addArrivals(key, t);
                }
                stepper.finishStep(output, 0, numOutput);
            } else {
                events.clear();
                if (batch != null) {
                    addMerged(batch);
                }
                if (network != null) {
                    addArrivals(key, t);
                }
                stepper.step(events, output, 0, numOutput);
            }
            if (batch != null) {
                pending.remove(t);
            }
            int[] spikes = spikes(s);
            out.collect(new StepOutput(key, t, numOutput, output.clone(), spikes));
            if (network != null) {
                sendSpikes(ctx, key, t, spikes);
            }
        }
        neuronSteps.inc((last - s.nextStep + 1) * neurons);
        unsaved.add(key);
        s.nextStep = last + 1;
        finishIfDone(ctx, key, s, out);
        if (s.endSent) { // nothing more to step: the state goes back to Flink, the stepper away
            save(stepper, s);
            live.remove(key);
            unsaved.remove(key);
        }
    }

    /** The key's live stepper; on its first step in this task, a new one loaded from its Flink state. */
    private EventStepper liveStepper(int key, PopulationState s) throws Exception {
        EventStepper held = live.get(key);
        if (held == null) {
            held = new EventStepper(model, neurons);
            for (int k = 0; k < neurons; k++) {
                held.loadNeuronState(k, s.neuronState, k * stateLength);
            }
            live.put(key, held);
            if (live.size() > liveKeys) {
                evictLeastRecent(key);
            }
        }
        return held;
    }

    /**
     * Writes the least recently stepped keys (never {@code key}, the one being stepped) back into their
     * Flink state and drops their steppers until {@link #liveKeys} remain; {@code key} is current again after.
     */
    private void evictLeastRecent(int key) throws Exception {
        Iterator<Map.Entry<Integer, EventStepper>> eldest = live.entrySet().iterator();
        while (live.size() > liveKeys && eldest.hasNext()) {
            Map.Entry<Integer, EventStepper> e = eldest.next();
            int other = e.getKey();
            if (other == key) {
                continue;
            }
            if (unsaved.remove(other)) { // stepped since its state was last written
                selectKey.accept(other);
                PopulationState s = state.value();
                save(e.getValue(), s);
                state.update(s);
            }
            eldest.remove();
            evictions.inc();
        }
        selectKey.accept(key);
    }

    /**
     * A key's state as read (null: none yet), refused when the job collects the streams' ends
     * ({@code everyEnd}) and the state comes from a savepoint of an elmkit that kept none: the ends
     * read before that savepoint would be missing and the job would never end. Checked here, per key:
     * Flink 2.2 restores nothing, and reports no restore, to a task none of whose operators the
     * savepoint holds state for, such as the {@link EndsCollector} in a task of its own.
     */
    static PopulationState checkedLayout(PopulationState s, boolean everyEnd) {
        if (s != null && everyEnd && s.layout < PopulationState.ENDS_COLLECTED) {
            throw new IllegalStateException("the job's state comes from a savepoint of an elmkit that kept no stream ends"
                + " in one place (needed when streams end at different steps): resume it with that elmkit, or run the"
                + " job again from the topic's start");
        }
        return s;
    }

    /** Set by {@link PopulationOperator} before {@link #open}: how this function makes a key the current one. */
    void keySelector(Consumer<Object> select) {
        this.selectKey = select;
    }

    /** At most {@code n} live neurons per task, whole keys (at least one key); 0 (the default): a share of the heap. */
    ElmPopulationFunction maxLiveNeurons(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("--max-live-neurons: expected >= 0 (0: a quarter of the heap), found " + n);
        }
        this.maxLiveNeurons = n;
        return this;
    }

    /**
     * A topic's job: a key also computes a step once its own stream has a record more than
     * {@code maxOutOfOrderSteps} steps later, not only once the watermark (the minimum over the topic's
     * partitions) passes it. A partition whose streams have all ended holds the watermark at its last
     * step until every stream has ended; the other partitions' streams still come out live.
     * After its own end a key still follows the watermark (it steps while another stream runs).
     */
    ElmPopulationFunction stepsOnOwnRecords(long maxOutOfOrderSteps) {
        if (maxOutOfOrderSteps < 0) {
            throw new IllegalArgumentException("--max-out-of-order-steps: expected >= 0, found " + maxOutOfOrderSteps);
        }
        this.ownRecordsLateSteps = maxOutOfOrderSteps;
        return this;
    }

    private void save(EventStepper from, PopulationState s) {
        for (int k = 0; k < neurons; k++) {
            from.saveNeuronState(k, s.neuronState, k * stateLength);
        }
    }

    /**
     * Writes the neurons of every key stepped since the last call into its Flink state; called by
     * {@link PopulationOperator} before each snapshot, {@code selectKey} making a key the current one.
     */
    void saveLiveStates(Consumer<Object> selectKey) throws Exception {
        for (int key : unsaved) {
            selectKey.accept(key);
            PopulationState s = state.value();
            save(live.get(key), s);
            state.update(s);
        }
        unsaved.clear();
    }

    /** After the neurons' last step: the stream's end marker, and its end to every stream it connects to. */
    private void finishIfDone(Context ctx, int key, PopulationState s, Collector<StepOutput> out) {
        long last = stepsToRun(s);
        if (last < 0 || s.nextStep < last || s.endSent) {
            return;
        }
        s.endSent = true;
        out.collect(StepOutput.end(key, last));
        for (int target : targets(key)) {
            ctx.output(FEEDBACK, InputStep.feedbackEnd(target, key, last));
        }
    }

    /**
     * How many steps the key's neurons run, once known (else -1): its stream's, or with
     * {@link #everyEnd} the latest of all streams' once every stream has ended (the engine's last step).
     */
    private long stepsToRun(PopulationState s) {
        if (s.endSteps < 0) {
            return -1;
        }
        return !everyEnd ? s.endSteps : s.allEnded ? s.latestEnd : -1;
    }

    // ---- connections (network != null) ----

    private NetworkRoutes.Incoming incoming(int key) {
        return incoming.computeIfAbsent(key, k -> NetworkRoutes.incoming(network, k, neurons));
    }

    private int[] targets(int key) {
        return targets.computeIfAbsent(key, k -> NetworkRoutes.targets(network, k));
    }

    /** Files a feedback record (the first of its source and step; a repeat after a restart is the same). */
    private void receive(int key, PopulationState s, InputStep r) throws Exception {
        NetworkRoutes.Incoming in = incoming(key);
        int i = in.indexOf(r.fromStream);
        if (i < 0 || r.fromStream == key) {
            throw new IllegalStateException("stream " + key + ": feedback from stream " + r.fromStream + ", which has no"
                + " connection to it (is the feedback topic shared with another run?)");
        }
        if (r.isEnd()) {
            s.feedbackEnd[i] = r.endSteps;
            return;
        }
        for (int k : r.spikes) {
            if (k < 0 || k >= neurons) {
                throw new IllegalStateException(r + ": neuron " + k + " outside 0.." + (neurons - 1));
            }
        }
        if (r.step <= s.feedbackUpTo[i]) {
            return; // sent again after a restart: already used
        }
        long slot = r.step * streams + r.fromStream;
        if (!arrived.contains(slot)) {
            arrived.put(slot, r.spikes);
        }
        while (arrived.contains((s.feedbackUpTo[i] + 1) * streams + r.fromStream)) {
            s.feedbackUpTo[i]++;
        }
    }

    /** The last step every other source's feedback allows: up to its last record plus its shortest delay. */
    private long feedbackLimit(int key, PopulationState s) {
        if (network == null) {
            return Long.MAX_VALUE;
        }
        NetworkRoutes.Incoming in = incoming(key);
        long limit = Long.MAX_VALUE;
        for (int i = 0; i < in.sources.length; i++) {
            boolean complete = s.feedbackEnd[i] >= 0 && s.feedbackUpTo[i] >= s.feedbackEnd[i] - 1;
            if (in.sources[i] != key && !complete) {
                limit = Math.min(limit, s.feedbackUpTo[i] + in.minDelay[i]);
            }
        }
        return limit;
    }

    /**
     * Adds the spikes arriving at step t after the input events, in the engine's order: by the step
     * they were sent at, then source stream, source neuron (increasing) and the network's row order.
     */
    private void addArrivals(int key, long t) throws Exception {
        NetworkRoutes.Incoming in = incoming(key);
        for (long from = Math.max(0, t - in.longestDelay); from < t; from++) {
            int delay = (int) (t - from);
            for (int i = 0; i < in.sources.length; i++) {
                if (delay < in.minDelay[i] || delay > in.maxDelay[i]) {
                    continue;
                }
                int[] fired = arrived.get(from * streams + in.sources[i]);
                if (fired == null) {
                    continue;
                }
                for (int k : fired) {
                    for (int r : in.rows[i][k]) {
                        if (network.delaySteps()[r] == delay) {
                            arrivalSink.add(network.toNeuron()[r], network.channel()[r], network.weight()[r]);
                        }
                    }
                }
            }
        }
    }

    /** Files step t's spikes for the key's own connections, sends them to the other streams, forgets what no step needs. */
    private void sendSpikes(Context ctx, int key, long t, int[] spikes) throws Exception {
        NetworkRoutes.Incoming in = incoming(key);
        if (in.indexOf(key) >= 0) {
            arrived.put(t * streams + key, spikes);
        }
        for (int target : targets(key)) {
            ctx.output(FEEDBACK, InputStep.feedback(target, key, t, spikes));
        }
        for (int i = 0; i < in.sources.length; i++) {
            long old = t + 1 - in.maxDelay[i]; // step t + 1 and later need nothing sent before this
            if (old > 0) {
                arrived.remove((old - 1) * streams + in.sources[i]);
            }
        }
    }

    /**
     * Every neuron of the key gets the same input events: their input sum is built once (as the
     * engine's StreamListeners do) and shared, the same bits as adding each event to each neuron.
     * Events a neuron gets on its own (arrivals) then continue from a copy.
     */
    private void shareInputSum(InputStep batch) {
        if (batch != null && batch.channel.length > 0) {
            Arrays.fill(sharedSum, 0.0);
            addMerged(batch);
            for (int k = 0; k < neurons; k++) {
                stepper.shareSum(k, sharedSum);
            }
        }
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
