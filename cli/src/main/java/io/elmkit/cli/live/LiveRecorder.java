package io.elmkit.cli.live;

import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.StepOutputs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The engine-side half of the live view: an {@link OutputSink} (and, through the {@code TappedInput}s it adopts, an input
 * observer) that copies what the view shows into preallocated rings on the engine thread, and
 * nothing more: no allocation, no lock, no I/O. The last {@value #STEP_RING} steps' outputs of the
 * watched neurons and the last {@value #EVENT_RING} input events of the watched stream are kept;
 * {@link FrameBuilder} reads them from another thread.
 *
 * <p>Publication: the feeding thread fills a slot, then advances {@code written} with a release
 * store; a reader that loads {@code written} (acquire) sees every slot below it, and checks after
 * copying that the writer has not lapped it (slots that may have been overwritten are dropped).
 */
public final class LiveRecorder implements LiveFeed, OutputSink {
    static final int STEP_RING = 4096;
    static final int EVENT_RING = 1 << 16;
    static final int K = Selection.MAX_NEURONS;

    private static final VarHandle WRITTEN;
    private static final VarHandle EVENTS_WRITTEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WRITTEN = l.findVarHandle(LiveRecorder.class, "written", long.class);
            EVENTS_WRITTEN = l.findVarHandle(LiveRecorder.class, "eventsWritten", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LiveTopology topology;
    private final LongSupplier missedDeadlines;
    private final LongSupplier neuronSteps;
    final List<TappedInput> inputs = new CopyOnWriteArrayList<>();
    private volatile Selection selection;
    private int selectionVersion;

    // Step ring: slot = index % STEP_RING.
    final long[] slotStep = new long[STEP_RING];
    final int[] slotVersion = new int[STEP_RING];
    /** Outputs 0 and 1 of the K watched neurons: [slot][k][2]. NaN where a neuron is absent. */
    final float[] slotY = new float[STEP_RING * K * 2];
    /** Bit k: watched neuron k spiked. */
    final int[] slotSpikeBits = new int[STEP_RING];
    /** Spikes of the whole population at the step. */
    final int[] slotPopulationSpikes = new int[STEP_RING];
    @SuppressWarnings("unused") // accessed through WRITTEN
    private volatile long written;

    // Event ring (watched stream's input events): index % EVENT_RING.
    final long[] eventStep = new long[EVENT_RING];
    final int[] eventStream = new int[EVENT_RING];
    final int[] eventChannel = new int[EVENT_RING];
    @SuppressWarnings("unused") // accessed through EVENTS_WRITTEN
    private volatile long eventsWritten;

    // Figures, written by the feeding thread before the release of `written`.
    long firstStepNanos = -1;
    long endNanos = -1;
    long missed;
    long neuronStepsTotal;
    long spikesTotal;
    volatile boolean ended;

    // Feeding thread only.
    private long nextStep;
    private long eventCount;
    private long writtenPlain;

    /**
     * @param missedDeadlines read on the feeding thread after each step (the engine's count; 0 when not paced)
     * @param neuronSteps     read on the feeding thread after each step (the engine's neuron-steps so far)
     */
    public LiveRecorder(LiveTopology topology, LongSupplier missedDeadlines, LongSupplier neuronSteps) {
        this.topology = topology;
        this.missedDeadlines = missedDeadlines;
        this.neuronSteps = neuronSteps;
        int first = topology.streamFirstNeuron()[0];
        this.selection = new Selection(0, new int[] {first}, 0);
    }

    /** Starts showing a tapped input's events and lag (before the run). */
    void adopt(TappedInput t) {
        inputs.add(t);
        t.feed = this;
    }

    Selection selection() {
        return selection;
    }

    /** Changes what is watched (from the server's threads); returns null, or the problem with the request. */
    synchronized String select(int stream, int[] neurons) {
        String problem = Selection.problem(topology, stream, neurons);
        if (problem == null) {
            selection = new Selection(stream, neurons.clone(), ++selectionVersion);
        }
        return problem;
    }

    long written() {
        return (long) WRITTEN.getAcquire(this);
    }

    long eventsWritten() {
        return (long) EVENTS_WRITTEN.getAcquire(this);
    }

    // ---- feeding thread ----

    @Override
    public int watchedStream() {
        return selection.stream();
    }

    @Override
    public void inputEvent(int stream, int channel) {
        int i = (int) (eventCount & (EVENT_RING - 1));
        eventStep[i] = nextStep;
        eventStream[i] = stream;
        eventChannel[i] = channel;
        eventCount++;
    }

    @Override
    public void onStep(StepOutputs out) {
        long step = out.step();
        if (firstStepNanos < 0) {
            firstStepNanos = System.nanoTime();
        }
        Selection sel = selection;
        int slot = (int) (writtenPlain & (STEP_RING - 1));
        slotStep[slot] = step;
        slotVersion[slot] = sel.version();
        int[] ids = sel.neurons();
        int base = slot * K * 2;
        for (int k = 0; k < K; k++) {
            float y0 = Float.NaN;
            float y1 = Float.NaN;
            if (k < ids.length && out.isLive(ids[k])) {
                int id = ids[k];
                y0 = out.output(id, 0);
                if (out.numOutput(id) > 1) {
                    y1 = out.output(id, 1);
                }
            }
            slotY[base + 2 * k] = y0;
            slotY[base + 2 * k + 1] = y1;
        }
        int spikes = out.spikeCount();
        int bits = 0;
        for (int i = 0; i < spikes; i++) {
            int n = out.spikeNeuron(i);
            for (int k = 0; k < ids.length; k++) {
                if (ids[k] == n) {
                    bits |= 1 << k;
                }
            }
        }
        slotSpikeBits[slot] = bits;
        slotPopulationSpikes[slot] = spikes;
        spikesTotal += spikes;
        missed = missedDeadlines.getAsLong();
        neuronStepsTotal = neuronSteps.getAsLong();
        nextStep = step + 1;
        EVENTS_WRITTEN.setRelease(this, eventCount);
        writtenPlain++;
        WRITTEN.setRelease(this, writtenPlain);
    }

    @Override
    public void onEnd(long steps) {
        endNanos = System.nanoTime();
        ended = true;
    }
}
