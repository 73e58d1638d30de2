package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import java.util.Arrays;

/**
 * Event-driven stepping: when every synapse of a branch decays alike (v1 with equal tau_s, or v2),
 * the branch trace obeys b_t = kappa * b_{t-1} + sum over this step's events of w_s * value, so a
 * step costs O(branches + events) for the synapses instead of O(synapses). Each input channel's
 * (branch, w_s) contributions are precomputed once from the routing (a channel may feed several
 * synapses and branches, or none). Models whose tau_s differ fall back to {@link DenseStepper}.
 */
public final class EventStepper implements ElmStepper {
    private final ElmModel model;
    private final int batch;
    private final int numInput;
    private final int numBranch;
    private final int numMemory;
    private final float[] branchKappa;
    private final int[] channelStart;
    private final int[] contributionBranch;
    private final float[] contributionWeight;
    private final double[] trace;
    private final float[] memory;
    private final float[] branch;
    private final DendriteKernel kernel;
    private final StepEvents denseEvents = new StepEvents();
    private final DenseStepper fallback;

    public EventStepper(ElmModel model, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.model = model;
        this.batch = batchSize;
        this.numInput = model.numInput();
        this.numBranch = model.numBranch();
        this.numMemory = model.numMemory();
        if (!model.branchTracesSuffice()) {
            fallback = new DenseStepper(model, batchSize);
            branchKappa = null;
            channelStart = null;
            contributionBranch = null;
            contributionWeight = null;
            trace = null;
            memory = null;
            branch = null;
            kernel = null;
            return;
        }
        fallback = null;
        float[] kappa = model.traceKappa();
        branchKappa = new float[numBranch];
        for (int j = 0; j < numBranch; j++) {
            // v1 with equal tau_s: one kappa; v2: one per branch.
            branchKappa[j] = kappa.length == numBranch ? kappa[j] : kappa[0];
        }
        int[] route = model.routeIndex();
        boolean[] valid = model.routeValid();
        float[] w = model.synapseWeight();
        int k = model.synapsesPerBranch();
        int numSynapses = model.numSynapses();
        channelStart = new int[numInput + 1];
        for (int i = 0; i < numSynapses; i++) {
            if (valid == null || valid[i]) {
                channelStart[(route == null ? i : route[i]) + 1]++;
            }
        }
        for (int c = 0; c < numInput; c++) {
            channelStart[c + 1] += channelStart[c];
        }
        int[] fill = Arrays.copyOf(channelStart, numInput);
        contributionBranch = new int[channelStart[numInput]];
        contributionWeight = new float[channelStart[numInput]];
        for (int i = 0; i < numSynapses; i++) {
            if (valid == null || valid[i]) {
                int c = route == null ? i : route[i];
                int slot = fill[c]++;
                contributionBranch[slot] = i / k;
                contributionWeight[slot] = w[i];
            }
        }
        trace = new double[batchSize * numBranch];
        memory = new float[batchSize * numMemory];
        branch = new float[numBranch];
        kernel = new DendriteKernel(model);
    }

    /** True when this stepper runs event-driven; false when it fell back to the dense path. */
    public boolean isEventDriven() {
        return fallback == null;
    }

    @Override
    public ElmModel model() {
        return model;
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public void reset() {
        if (fallback != null) {
            fallback.reset();
            return;
        }
        Arrays.fill(trace, 0.0);
        Arrays.fill(memory, 0f);
    }

    @Override
    public void step(float[] input, int inputOffset, int inputStride, float[] output, int outputOffset, int outputStride) {
        if (fallback != null) {
            fallback.step(input, inputOffset, inputStride, output, outputOffset, outputStride);
            return;
        }
        denseEvents.fillFromDense(input, inputOffset, inputStride, batch, numInput);
        step(denseEvents, output, outputOffset, outputStride);
    }

    @Override
    public void step(StepEvents events, float[] output, int outputOffset, int outputStride) {
        if (fallback != null) {
            fallback.step(events, output, outputOffset, outputStride);
            return;
        }
        for (int b = 0; b < batch; b++) {
            int base = b * numBranch;
            for (int j = 0; j < numBranch; j++) {
                trace[base + j] *= branchKappa[j];
            }
        }
        int n = events.size();
        for (int e = 0; e < n; e++) {
            int b = events.neuron(e);
            int c = events.channel(e);
            if (b < 0 || b >= batch || c < 0 || c >= numInput) {
                throw new IllegalArgumentException("event " + e + " (neuron " + b + ", channel " + c
                    + ") is outside batch " + batch + " x num_input " + numInput);
            }
            double v = events.value(e);
            int base = b * numBranch;
            for (int s = channelStart[c], end = channelStart[c + 1]; s < end; s++) {
                trace[base + contributionBranch[s]] += contributionWeight[s] * v;
            }
        }
        for (int b = 0; b < batch; b++) {
            int base = b * numBranch;
            for (int j = 0; j < numBranch; j++) {
                branch[j] = (float) trace[base + j];
            }
            kernel.step(branch, 0, memory, b * numMemory, output, outputOffset + b * outputStride);
        }
    }
}
