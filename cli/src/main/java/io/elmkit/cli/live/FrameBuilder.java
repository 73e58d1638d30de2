package io.elmkit.cli.live;

import java.util.Locale;

/**
 * Builds the JSON frames of the live view from a {@link LiveRecorder}'s rings, on the publisher's
 * thread. A frame covers the steps recorded since the previous frame (at most
 * {@value #MAX_FRAME_STEPS}, the latest, and only those recorded under the current selection): the
 * watched neurons' outputs 0 and 1 at each of them (float32 written with {@link Float#toString}, so
 * they read back bit for bit), their spikes, the population's spike count per step, and the watched
 * stream's input events of those steps (at most {@value #MAX_FRAME_EVENTS}).
 */
final class FrameBuilder {
    static final int MAX_FRAME_STEPS = 500;
    static final int MAX_FRAME_EVENTS = 20_000;

    private final LiveRecorder rec;
    private final int[] stepSlots = new int[MAX_FRAME_STEPS];
    private final float[] y = new float[MAX_FRAME_STEPS * LiveRecorder.K * 2];
    private final int[] spikeBits = new int[MAX_FRAME_STEPS];
    private final int[] populationSpikes = new int[MAX_FRAME_STEPS];
    private final long[] evStep = new long[MAX_FRAME_EVENTS];
    private final int[] evChannel = new int[MAX_FRAME_EVENTS];
    private final long[] evIndex = new long[MAX_FRAME_EVENTS];
    private final StringBuilder json = new StringBuilder(1 << 16);

    private long lastWritten;
    private long lastNanos = -1;
    private long lastNeuronSteps;
    private long lastSpikes;
    private double stepsPerS;
    private double neuronStepsPerS;
    private double spikesPerS;
    private long framesBuilt;
    private boolean endSent;

    FrameBuilder(LiveRecorder rec) {
        this.rec = rec;
    }

    long framesBuilt() {
        return framesBuilt;
    }

    /** The next frame, or null when nothing changed since the last one (and no heartbeat is due). */
    String build(long nowNanos, boolean heartbeat) {
        boolean ended = rec.ended; // read before `written`: an ended run's last step is then in view
        long w = rec.written();
        if (w == lastWritten && !heartbeat && (!ended || endSent)) {
            return null;
        }
        long previous = lastWritten;
        rates(nowNanos, w, ended);
        lastWritten = w;
        framesBuilt++;
        endSent |= ended;
        return frame(nowNanos, Math.max(previous, w - MAX_FRAME_STEPS), w, ended);
    }

    /**
     * A frame of the last {@value #MAX_FRAME_STEPS} steps, for a viewer that has just connected (so
     * that it shows a full window at once, and an ended run's final window); changes no state.
     */
    String history(long nowNanos) {
        boolean ended = rec.ended;
        long w = rec.written();
        return frame(nowNanos, Math.max(0, w - MAX_FRAME_STEPS), w, ended);
    }

    private String frame(long nowNanos, long from, long w, boolean ended) {
        Selection sel = rec.selection();
        int n = 0;
        long firstStep = -1;
        long lastStep = -1;
        int version = -1;
        for (long i = from; i < w; i++) {
            int slot = (int) (i & (LiveRecorder.STEP_RING - 1));
            stepSlots[n] = slot;
            System.arraycopy(rec.slotY, slot * LiveRecorder.K * 2, y, n * LiveRecorder.K * 2, LiveRecorder.K * 2);
            spikeBits[n] = rec.slotSpikeBits[slot];
            populationSpikes[n] = rec.slotPopulationSpikes[slot];
            n++;
        }
        // Drop what the writer may have overwritten while we copied (it laps after STEP_RING steps).
        long safeFrom = rec.written() - LiveRecorder.STEP_RING + 1;
        int skip = (int) Math.max(0, Math.min(n, safeFrom - from));
        // Keep only the steps recorded under the latest selection (a switch mid-frame starts afresh).
        int keepFrom = skip;
        if (n > skip) {
            version = rec.slotVersion[stepSlots[n - 1]];
            for (int i = n - 1; i >= skip; i--) {
                if (rec.slotVersion[stepSlots[i]] != version) {
                    keepFrom = i + 1;
                    break;
                }
            }
            firstStep = rec.slotStep[stepSlots[keepFrom]];
            lastStep = rec.slotStep[stepSlots[n - 1]];
        }
        if (version != sel.version()) {
            keepFrom = n; // recorded for a selection the page no longer shows: figures only
        }
        StringBuilder b = json;
        b.setLength(0);
        long shownStep = lastStep >= 0 ? lastStep : w - 1;
        b.append("{\"step\":").append(shownStep);
        b.append(",\"stepsDone\":").append(w);
        b.append(",\"ended\":").append(ended);
        b.append(",\"elapsedS\":");
        num(b, elapsedS(nowNanos));
        b.append(",\"stepsPerS\":");
        num(b, stepsPerS);
        b.append(",\"neuronStepsPerS\":");
        num(b, neuronStepsPerS);
        b.append(",\"rtf\":");
        num(b, stepsPerS * rec.topology.dtMs() / 1000.0);
        b.append(",\"rtfOverall\":");
        double el = elapsedS(nowNanos);
        num(b, el > 0 ? w * rec.topology.dtMs() / 1000.0 / el : 0);
        b.append(",\"missed\":").append(rec.missed);
        b.append(",\"spikes\":").append(rec.spikesTotal);
        b.append(",\"spikesPerS\":");
        num(b, spikesPerS);
        b.append(",\"stream\":").append(sel.stream());
        b.append(",\"neurons\":").append(sel.neuronsJson());
        int count = n - keepFrom;
        b.append(",\"from\":").append(count > 0 ? firstStep : shownStep + 1);
        b.append(",\"count\":").append(count);
        int[] ids = sel.neurons();
        for (int out = 0; out < 2; out++) {
            b.append(out == 0 ? ",\"y0\":[" : ",\"y1\":[");
            for (int k = 0; k < ids.length; k++) {
                b.append(k == 0 ? "[" : ",[");
                for (int i = keepFrom; i < n; i++) {
                    if (i > keepFrom) {
                        b.append(',');
                    }
                    num(b, y[(i * LiveRecorder.K + k) * 2 + out]);
                }
                b.append(']');
            }
            b.append(']');
        }
        b.append(",\"spikeSteps\":[");
        for (int k = 0; k < ids.length; k++) {
            b.append(k == 0 ? "[" : ",[");
            boolean first = true;
            for (int i = keepFrom; i < n; i++) {
                if ((spikeBits[i] & (1 << k)) != 0) {
                    b.append(first ? "" : ",").append(firstStep + (i - keepFrom));
                    first = false;
                }
            }
            b.append(']');
        }
        b.append("],\"populationSpikes\":[");
        for (int i = keepFrom; i < n; i++) {
            b.append(i > keepFrom ? "," : "").append(populationSpikes[i]);
        }
        b.append(']');
        appendRaster(b, sel.stream(), count > 0 ? firstStep : Long.MAX_VALUE, lastStep);
        appendInputs(b, nowNanos);
        b.append('}');
        return b.toString();
    }

    /** The watched stream's events of steps [fromStep, toStep] as [step - fromStep, channel, ...]. */
    private void appendRaster(StringBuilder b, int stream, long fromStep, long toStep) {
        long end = rec.eventsWritten();
        long floor = Math.max(0, end - LiveRecorder.EVENT_RING);
        int m = 0;
        // Newest first, back to the frame's first step; then read in step order.
        for (long e = end - 1; e >= floor && m < MAX_FRAME_EVENTS; e--) {
            int i = (int) (e & (LiveRecorder.EVENT_RING - 1));
            long step = rec.eventStep[i];
            if (step < fromStep) {
                break;
            }
            if (step <= toStep && rec.eventStream[i] == stream) {
                evStep[m] = step;
                evChannel[m] = rec.eventChannel[i];
                evIndex[m] = e;
                m++;
            }
        }
        // Events the writer may have overwritten while we read are dropped (the oldest: the tail of our copy).
        long safeFloor = rec.eventsWritten() - LiveRecorder.EVENT_RING + 1;
        int valid = m;
        while (valid > 0 && evIndex[valid - 1] < safeFloor) {
            valid--;
        }
        b.append(",\"raster\":[");
        for (int j = valid - 1; j >= 0; j--) {
            b.append(j < valid - 1 ? "," : "").append(evStep[j] - fromStep).append(',').append(evChannel[j]);
        }
        b.append(']');
    }

    private void appendInputs(StringBuilder b, long nowNanos) {
        b.append(",\"inputs\":[");
        boolean first = true;
        for (TappedInput t : rec.inputs) {
            b.append(first ? "{" : ",{");
            first = false;
            b.append("\"name\":");
            string(b, t.describe());
            b.append(",\"streamBase\":").append(t.streamBase).append(",\"streams\":").append(t.numStreams());
            b.append(",\"stepsDelivered\":").append(t.delivered);
            // Lag: how far the input's delivered simulated time trails the wall clock since its first poll
            // (negative: ahead of real time, a recorded file streamed as fast as the engine goes).
            long endNanos = rec.endNanos >= 0 ? rec.endNanos : nowNanos;
            double lagMs = t.firstPollNanos < 0 ? 0
                : (endNanos - t.firstPollNanos) / 1e6 - t.delivered * rec.topology.dtMs();
            b.append(",\"lagMs\":");
            num(b, lagMs);
            b.append(",\"waitedMs\":");
            num(b, t.waitedNanos / 1e6);
            b.append('}');
        }
        b.append(']');
    }

    private double elapsedS(long nowNanos) {
        long start = rec.firstStepNanos;
        if (start < 0) {
            return 0;
        }
        long end = rec.endNanos >= 0 ? rec.endNanos : nowNanos;
        return (end - start) / 1e9;
    }

    /** Rates over the last ~0.5 s (smoothed so that 30 frames/s do not flicker); once ended, the whole run's. */
    private void rates(long nowNanos, long w, boolean ended) {
        if (lastNanos < 0) {
            lastNanos = nowNanos;
            lastNeuronSteps = rec.neuronStepsTotal;
            lastSpikes = rec.spikesTotal;
            return;
        }
        double dt = (nowNanos - lastNanos) / 1e9;
        if (dt <= 0) {
            return;
        }
        double a = Math.min(1, dt / 0.5);
        long ns = rec.neuronStepsTotal;
        long sp = rec.spikesTotal;
        stepsPerS += a * ((w - lastWritten) / dt - stepsPerS);
        neuronStepsPerS += a * ((ns - lastNeuronSteps) / dt - neuronStepsPerS);
        spikesPerS += a * ((sp - lastSpikes) / dt - spikesPerS);
        double run = elapsedS(nowNanos);
        if (ended && run > 0) {
            stepsPerS = w / run;
            neuronStepsPerS = rec.neuronStepsTotal / run;
            spikesPerS = rec.spikesTotal / run;
        }
        lastNanos = nowNanos;
        lastNeuronSteps = ns;
        lastSpikes = sp;
    }

    /** A float32 exactly (Float.toString reads back to the same bits); NaN and infinities as null. */
    private static void num(StringBuilder b, float v) {
        if (Float.isFinite(v)) {
            b.append(Float.toString(v));
        } else {
            b.append("null");
        }
    }

    private static void num(StringBuilder b, double v) {
        if (Double.isFinite(v)) {
            b.append(String.format(Locale.ROOT, "%.6g", v));
        } else {
            b.append("null");
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
