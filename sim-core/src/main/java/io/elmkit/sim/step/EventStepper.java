package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * Event-driven stepping. When every synapse of a branch decays alike (v1 with equal tau_s, or v2),
 * the branch trace obeys b_t = kappa * b_{t-1} + sum over this step's events of w_s * value; and
 * since the first MLP layer is linear in b, its branch part z_b = W1[:, branches] b obeys the same
 * recurrence when kappa is the same for every branch. Then a step costs O(h) for the decay plus
 * one axpy of length h per spike (with a per-channel column precomputed from the routing, see
 * {@link FirstLayer}), instead of O(synapses) + O(h * branches). With one kappa, a step is
 * z_b = kappa * z_b + u, where u, the step's input, sums value * column(channel) over the neuron's
 * events in their order starting from zero: neurons that receive the same events this step have
 * the same u bit for bit, so the engine computes it once for all of them ({@link #shareSum}). With per-branch kappas (v2 with
 * differing tau_b) the branch traces are kept instead and projected each step. Models whose tau_s
 * differ fall back to {@link DenseStepper}.
 */
public final class EventStepper extends KernelStepper {
    private final int numInput;
    private final int numBranch;
    private final int hidden;
    private final boolean uniformKappa;
    private final double kappa;
    private final float[] branchKappa;
    private final double[][] channelColumns;
    private final double[][] branchColumns;
    private final int[] channelStart;
    private final int[] contributionBranch;
    private final float[] contributionWeight;
    private final double[][] branchPart;
    private final double[][] trace;
    /** One kappa: each neuron's own input sum row, and the row holding its sum this step (null: no events yet). */
    private final double[][] ownSum;
    private final double[][] sum;
    private final MemoryKernel kernel;
    /** Events whose columns {@link #addRun} adds in one pass, and those columns and values. */
    private static final int RUN_COLUMNS = 4;
    private final double[][] runColumns = new double[RUN_COLUMNS][];
    private final double[] runValues = new double[RUN_COLUMNS];
    private final StepEvents denseEvents = new StepEvents();
    private final DenseStepper fallback;
    /** Neurons 0..active-1 are stepped (see {@link #setActiveNeurons}). */
    private int active;

    /** A stepper for {@code batchSize} neurons of {@code model}, all at state zero. */
    public EventStepper(ElmModel model, int batchSize) {
        super(model, batchSize);
        this.numInput = model.numInput();
        this.numBranch = model.numBranch();
        this.hidden = model.mlpOut(0);
        this.active = batchSize;
        if (!model.branchTracesSuffice()) {
            fallback = new DenseStepper(model, batchSize);
            uniformKappa = false;
            kappa = 0;
            branchKappa = null;
            channelColumns = null;
            branchColumns = null;
            channelStart = null;
            contributionBranch = null;
            contributionWeight = null;
            branchPart = null;
            trace = null;
            ownSum = null;
            sum = null;
            kernel = null;
            // The fallback's state is this stepper's: reset, save and load act on it.
            holdState(fallback.trace(), fallback.memoryKernel());
            return;
        }
        fallback = null;
        float[] kappas = model.traceKappa();
        branchKappa = new float[numBranch];
        boolean uniform = true;
        for (int j = 0; j < numBranch; j++) {
            // v1 with equal tau_s: one kappa; v2: one per branch.
            branchKappa[j] = kappas.length == numBranch ? kappas[j] : kappas[0];
            uniform &= branchKappa[j] == branchKappa[0];
        }
        uniformKappa = uniform;
        kappa = branchKappa[0];
        branchPart = new double[batchSize][hidden];
        if (uniform) {
            channelColumns = FirstLayer.sharedChannelColumns(model);
            branchColumns = null;
            channelStart = null;
            contributionBranch = null;
            contributionWeight = null;
            trace = null;
            ownSum = new double[batchSize][hidden];
            sum = new double[batchSize][];
        } else {
            channelColumns = null;
            branchColumns = FirstLayer.branchColumns(model);
            ChannelIndex index = ChannelIndex.of(model);
            float[] w = model.synapseWeight();
            int k = model.synapsesPerBranch();
            channelStart = index.start();
            contributionBranch = new int[index.synapse().length];
            contributionWeight = new float[index.synapse().length];
            for (int p = 0; p < index.synapse().length; p++) {
                contributionBranch[p] = index.synapse()[p] / k;
                contributionWeight[p] = w[index.synapse()[p]];
            }
            trace = new double[batchSize][numBranch];
            ownSum = null;
            sum = null;
        }
        kernel = new MemoryKernel(model, batchSize);
        // Event-driven state: the branch part z_b (one kappa) or the branch traces (per-branch
        // kappas; z_b is then recomputed from them every step).
        holdState(trace != null ? trace : branchPart, kernel);
    }

    /** True when this stepper runs event-driven; false when it fell back to the dense path. */
    public boolean isEventDriven() {
        return fallback == null;
    }

    /**
     * Steps only neurons 0..count-1 from now on (a block whose upper slots are free): the others
     * keep their state, their outputs are not written, and events for them are refused. The
     * dense fallback steps every neuron. {@code count} = {@link #batchSize()} restores the default.
     */
    public void setActiveNeurons(int count) {
        if (count < 0 || count > batch) {
            throw new IllegalArgumentException("active neurons " + count + " outside 0.." + batch);
        }
        active = count;
        if (kernel != null) {
            kernel.setActive(count);
        }
    }

    @Override
    public void step(float[] input, int inputOffset, int inputStride, float[] output, int outputOffset, int outputStride) {
        if (fallback != null) {
            fallback.step(input, inputOffset, inputStride, output, outputOffset, outputStride);
            return;
        }
        denseEvents.fillFromDense(input, inputOffset, inputStride, active, numInput);
        step(denseEvents, output, outputOffset, outputStride);
    }

    @Override
    public void step(StepEvents events, float[] output, int outputOffset, int outputStride) {
        if (fallback != null) {
            fallback.step(events, output, outputOffset, outputStride);
            return;
        }
        beginStep();
        int n = events.size();
        if (uniformKappa) {
            for (int e = 0; e < n; ) {
                e = addRun(events, e, n);
            }
        } else {
            for (int e = 0; e < n; e++) {
                addEvent(e, events.neuron(e), events.channel(e), events.value(e));
            }
        }
        finishStep(output, outputOffset, outputStride);
    }

    /**
     * One kappa: the events from {@code first} on that go to the same neuron, added to its input
     * sum as {@link #addEvent} adds them one by one, but four columns per pass over the sum (one
     * load and store of the sum per four events instead of per event; each element gets the same
     * terms in the same order, so the same bits). Returns the index after the run.
     */
    private int addRun(StepEvents events, int first, int n) {
        int b = events.neuron(first);
        double[][] cols = runColumns;
        double[] values = runValues;
        int pending = 0;
        int e = first;
        for (; e < n && events.neuron(e) == b; e++) {
            int c = events.channel(e);
            MemoryKernel.checkEvent(e, b, c, active, numInput);
            double[] col = channelColumns[c];
            if (col != null) {
                cols[pending] = col;
                values[pending] = events.value(e);
                if (++pending == RUN_COLUMNS) {
                    double[] z = ownSum[b];
                    if (takeSum(b)) {
                        Layers.axpy4OntoZero(z, cols[0], values[0], cols[1], values[1], cols[2], values[2], cols[3], values[3], hidden);
                    } else {
                        Layers.axpy4(z, cols[0], values[0], cols[1], values[1], cols[2], values[2], cols[3], values[3], hidden);
                    }
                    pending = 0;
                }
            }
        }
        for (int p = 0; p < pending; p++) {
            addColumn(b, cols[p], values[p]);
        }
        return e;
    }

    /** The neuron's own input sum += value * col, written from zero at its first event of the step. */
    private void addColumn(int b, double[] col, double value) {
        if (takeSum(b)) {
            Layers.axpyOntoZero(ownSum[b], col, value, hidden);
        } else {
            Layers.axpy(ownSum[b], col, value, hidden);
        }
    }

    /**
     * Makes the neuron's own input sum row its sum for this step's next event: a copy of a shared
     * sum it continues (copy on write), else as it stands. Returns true at its first event of the
     * step: the row then holds stale values and the caller writes it from zero
     * ({@link Layers#axpyOntoZero}, the same bits as zeroing it and adding, one pass fewer).
     */
    private boolean takeSum(int b) {
        double[] u = sum[b];
        double[] own = ownSum[b];
        if (u == own) {
            return false;
        }
        sum[b] = own;
        if (u == null) {
            return true;
        }
        System.arraycopy(u, 0, own, 0, hidden);
        return false;
    }

    /**
     * A step in three calls, for callers that hold their events elsewhere (the engine routes a
     * stream's events straight to the slots that listen): {@code beginStep()}, then
     * {@link #addEvent} for each event in order, then {@link #finishStep}; the same arithmetic as
     * {@link #step(StepEvents, float[], int, int)}. Event-driven steppers only.
     */
    public void beginStep() {
        requireEventDriven();
        if (uniformKappa) {
            Arrays.fill(sum, 0, active, null);
        } else {
            for (int b = 0; b < active; b++) {
                Synapses.decay(trace[b], branchKappa, numBranch);
            }
        }
    }

    /** One event of the step begun by {@link #beginStep}: input {@code channel} of {@code neuron} gets {@code value}. */
    public void addEvent(int neuron, int channel, float value) {
        requireEventDriven();
        addEvent(-1, neuron, channel, value);
    }

    private void requireEventDriven() {
        if (fallback != null) {
            throw new IllegalStateException("this model steps densely (its tau_s differ): use step(StepEvents, ...)");
        }
    }

    private void addEvent(int event, int b, int c, float value) {
        MemoryKernel.checkEvent(event, b, c, active, numInput);
        double v = value;
        if (uniformKappa) {
            double[] col = channelColumns[c];
            if (col != null) {
                addColumn(b, col, v);
            }
        } else {
            double[] t = trace[b];
            for (int s = channelStart[c], end = channelStart[c + 1]; s < end; s++) {
                t[contributionBranch[s]] += contributionWeight[s] * v;
            }
        }
    }

    /**
     * True when neurons that receive the same events can share one input sum ({@link #shareSum}):
     * event-driven with one kappa.
     */
    public boolean sharesInputSums() {
        return uniformKappa && fallback == null;
    }

    /** A zeroed row for an input sum shared by several neurons ({@link #addToSum}, {@link #shareSum}). */
    public double[] newSum() {
        return new double[hidden];
    }

    /**
     * u += value * column(channel): one event added to a shared input sum, the arithmetic
     * {@link #addEvent} does on a neuron's own sum. Start from a zeroed row and add the events in order.
     */
    public void addToSum(double[] u, int channel, float value) {
        double[] col = sumColumn(channel);
        if (col != null) {
            Layers.axpy(u, col, value, hidden);
        }
    }

    /**
     * u = value * column(channel) from zero: the first event of a shared input sum, the same bits
     * as zeroing u and {@link #addToSum}, without the zeroing pass; u may hold anything before.
     */
    public void startSum(double[] u, int channel, float value) {
        double[] col = sumColumn(channel);
        if (col != null) {
            Layers.axpyOntoZero(u, col, value, hidden);
        } else {
            Arrays.fill(u, 0, hidden, 0.0);
        }
    }

    /** The column a shared sum's event on {@code channel} adds (null: the channel feeds nothing), the channel checked. */
    private double[] sumColumn(int channel) {
        if (channel < 0 || channel >= numInput) {
            throw new IllegalArgumentException("event channel " + channel + " outside num_input " + numInput);
        }
        return channelColumns[channel];
    }

    /**
     * Gives {@code neuron}, which has had no event this step, the input sum {@code u} built by
     * {@link #addToSum} from zero over the events it receives, in their order: the same bits as
     * {@link #addEvent} for each. u is read at {@link #finishStep}; later events of this neuron
     * continue from a copy. Steppers where {@link #sharesInputSums()} only.
     */
    public void shareSum(int neuron, double[] u) {
        if (!sharesInputSums()) {
            throw new IllegalStateException("input sums are shared only by event-driven steppers with one kappa");
        }
        MemoryKernel.checkEvent(-1, neuron, 0, active, numInput);
        if (sum[neuron] != null) {
            throw new IllegalStateException("neuron " + neuron + " already has events this step");
        }
        sum[neuron] = u;
    }

    /** Ends the step begun by {@link #beginStep}: the memory part of every stepped neuron, outputs at offset + b * stride. */
    public void finishStep(float[] output, int outputOffset, int outputStride) {
        requireEventDriven();
        if (uniformKappa) {
            kernel.step(branchPart, kappa, sum, output, outputOffset, outputStride);
            return;
        }
        for (int b = 0; b < active; b++) {
            FirstLayer.project(branchColumns, trace[b], 0, branchPart[b]);
        }
        kernel.step(branchPart, output, outputOffset, outputStride);
    }
}
