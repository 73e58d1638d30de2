package io.elmkit.flink;

import io.elmkit.cli.live.LiveFeed;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.Indices;
import io.elmkit.sim.engine.StepOutputs;
import java.util.Arrays;

/**
 * {@code elmkit flink --serve}, on the client: turns the job's {@link StepOutput}s, which arrive per
 * stream and out of step order across streams (each stream is its own key, possibly on another
 * subtask), into the live view's one-thread, step-ordered calls. A step is handed on once every
 * stream has delivered it; at most {@value #MAX_PENDING_STEPS} steps wait (fewer for many streams:
 * {@value #MAX_PENDING_RECORDS} records in all), and when a stream falls
 * further behind, the oldest waiting step is handed on without it (its neurons read as not live)
 * and that stream's later records for it are dropped from the view (never from the outputs file).
 * Input events for the raster come from the events file the client has already read.
 *
 * <p>Memory: the ring holds references to the records the client receives anyway, plus per-stream
 * step indexes of the events file (one long and one int per event).
 */
final class LiveStepFeed implements StepOutputs {
    static final int MAX_PENDING_STEPS = 1024;
    /** Steps x streams the ring may hold (references: ~32 MB at most, whatever the population). */
    static final int MAX_PENDING_RECORDS = 1 << 22;

    private final LiveFeed feed;
    private final int streams;
    private final int neurons;
    private final int numOutput;
    private final int pendingSteps;
    /** Ring of waiting steps: slot = step % pendingSteps, one record (or null) per stream. */
    private final StepOutput[][] ring;
    private final long[] ringStep;
    private final int[] ringCount;
    /** The next step to hand on; records of earlier steps are too late for the view. */
    private long next;
    private long highest = -1;
    private long neuronSteps;
    private long lateForView;

    // The events file by stream: steps ascending, with their channels (null: no file, e.g. a Kafka input).
    private final long[][] eventStep;
    private final int[][] eventChannel;

    // The step being handed on (this object is the StepOutputs the feed reads).
    private StepOutput[] current;
    private long currentStep;
    private final int[] spikeIds;
    private int spikeCount;

    LiveStepFeed(LiveFeed feed, int streams, int neurons, int numOutput, EventsFile events) {
        this.feed = feed;
        this.streams = streams;
        this.neurons = neurons;
        this.numOutput = numOutput;
        this.pendingSteps = Math.max(8, Math.min(MAX_PENDING_STEPS, MAX_PENDING_RECORDS / streams));
        this.ring = new StepOutput[pendingSteps][];
        this.ringStep = new long[pendingSteps];
        this.ringCount = new int[pendingSteps];
        for (int i = 0; i < pendingSteps; i++) {
            ring[i] = new StepOutput[streams];
            ringStep[i] = -1;
        }
        this.spikeIds = new int[Math.multiplyExact(streams, neurons)];
        if (events == null) {
            eventStep = null;
            eventChannel = null;
        } else {
            int[] count = new int[streams];
            for (long s : events.sample) {
                if (s >= 0 && s < streams) {
                    count[(int) s]++; // the job's source rejects other samples; the view just skips them
                }
            }
            eventStep = new long[streams][];
            eventChannel = new int[streams][];
            for (int s = 0; s < streams; s++) {
                eventStep[s] = new long[count[s]];
                eventChannel[s] = new int[count[s]];
            }
            int[] at = new int[streams];
            for (int i = 0; i < events.size(); i++) {
                long sample = events.sample[i];
                if (sample < 0 || sample >= streams) {
                    continue;
                }
                int s = (int) sample;
                eventStep[s][at[s]] = events.step[i];
                eventChannel[s][at[s]] = events.channel[i];
                at[s]++;
            }
            for (int s = 0; s < streams; s++) {
                sortByStep(eventStep[s], eventChannel[s]);
            }
        }
    }

    /** Steps that may wait for the slowest stream. */
    int pendingSteps() {
        return pendingSteps;
    }

    /** Neuron-steps handed to the view so far (read by the view after each step). */
    long neuronSteps() {
        return neuronSteps;
    }

    /** Records that came after their step had been shown without them. */
    long lateForView() {
        return lateForView;
    }

    /** One record from the job (outputs or a stream's end marker, which the view does not need). */
    void accept(StepOutput o) {
        if (o.isEnd() || o.stream < 0 || o.stream >= streams) {
            return;
        }
        long step = o.step;
        if (step < next) {
            lateForView++;
            return;
        }
        // Bounded: a stream that lags pendingSteps behind the newest step lets the oldest steps go without it.
        while (step >= next + pendingSteps) {
            emitOrSkip(next);
        }
        int slot = (int) (step % pendingSteps);
        if (ringStep[slot] != step) {
            ringStep[slot] = step;
            ringCount[slot] = 0;
        }
        if (ring[slot][o.stream] == null) {
            ringCount[slot]++;
        }
        ring[slot][o.stream] = o;
        highest = Math.max(highest, step);
        // Hand on every complete step in order.
        while (next <= highest) {
            int s = (int) (next % pendingSteps);
            if (ringStep[s] != next || ringCount[s] < streams) {
                break;
            }
            emitOrSkip(next);
        }
    }

    /** After the job: the steps still waiting (streams that stopped early), then the end. */
    void end() {
        while (next <= highest) {
            emitOrSkip(next);
        }
        feed.onEnd(highest + 1);
    }

    private void emitOrSkip(long step) {
        int slot = (int) (step % pendingSteps);
        next = step + 1;
        if (ringStep[slot] != step || ringCount[slot] == 0) {
            return; // nothing of this step arrived (e.g. before the step a savepoint resumed at)
        }
        current = ring[slot];
        currentStep = step;
        spikeCount = 0;
        int live = 0;
        for (int s = 0; s < streams; s++) {
            StepOutput o = current[s];
            if (o == null) {
                continue;
            }
            live++;
            for (int k : o.spikes) {
                spikeIds[spikeCount++] = s * neurons + k;
            }
        }
        int watched = feed.watchedStream();
        if (eventStep != null && watched >= 0 && watched < streams) {
            long[] steps = eventStep[watched];
            int i = Indices.lowerBound(steps.length, k -> steps[k] < step);
            for (; i < steps.length && steps[i] == step; i++) {
                feed.inputEvent(watched, eventChannel[watched][i]);
            }
        }
        neuronSteps += (long) live * neurons;
        feed.onStep(this);
        Arrays.fill(current, null);
        ringCount[slot] = 0;
        ringStep[slot] = -1;
        current = null;
    }

    // ---- StepOutputs of the step being handed on ----

    @Override
    public long step() {
        return currentStep;
    }

    @Override
    public int neuronIdBound() {
        return streams * neurons;
    }

    @Override
    public boolean isLive(int id) {
        return id >= 0 && id < streams * neurons && current[id / neurons] != null;
    }

    @Override
    public int numOutput(int id) {
        return numOutput;
    }

    @Override
    public float output(int id, int k) {
        return current[id / neurons].output[(id % neurons) * numOutput + k];
    }

    @Override
    public int spikeCount() {
        return spikeCount;
    }

    @Override
    public int spikeNeuron(int i) {
        return spikeIds[i];
    }

    /** Sorts parallel arrays by step (once, on the client, only when the file is not already in step order). */
    private static void sortByStep(long[] steps, int[] channels) {
        int n = steps.length;
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = steps[i - 1] <= steps[i];
        }
        if (sorted) {
            return;
        }
        int[] order = Indices.stableOrder(n, (a, b) -> Long.compare(steps[a], steps[b])); // a step's events keep their order
        System.arraycopy(Indices.permuted(steps, order), 0, steps, 0, n);
        System.arraycopy(Indices.permuted(channels, order), 0, channels, 0, n);
    }
}
