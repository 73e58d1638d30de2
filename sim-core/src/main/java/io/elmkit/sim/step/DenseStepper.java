package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Variant;
import java.util.Arrays;

/**
 * The reference step, literally: every synapse routed, decayed and summed into its branch every
 * step (O(synapses) per neuron and step). The yardstick for {@link EventStepper}; also the path for
 * models whose tau_s differ. Traces are accumulated in float64 (the spec allows it) so the two
 * steppers agree to float rounding; the MLP and memory run in float32 like the reference.
 */
public final class DenseStepper implements ElmStepper {
    private final ElmModel model;
    private final int batch;
    private final int numInput;
    private final int numBranch;
    private final int perBranch;
    private final int numSynapses;
    private final int numMemory;
    private final boolean branchTraces;
    private final int[] routeIndex;
    private final boolean[] routeValid;
    private final float[] synapseWeight;
    private final float[] traceKappa;
    private final double[] trace;
    private final float[] memory;
    private final float[] branch;
    private final DendriteKernel kernel;
    private final StepEvents scratchEvents = new StepEvents();
    private final float[] scratchRows;

    public DenseStepper(ElmModel model, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.model = model;
        this.batch = batchSize;
        this.numInput = model.numInput();
        this.numBranch = model.numBranch();
        this.perBranch = model.synapsesPerBranch();
        this.numSynapses = model.numSynapses();
        this.numMemory = model.numMemory();
        this.branchTraces = model.config().variant() == Variant.V2;
        this.routeIndex = model.routeIndex();
        this.routeValid = model.routeValid();
        this.synapseWeight = model.synapseWeight();
        this.traceKappa = model.traceKappa();
        this.trace = new double[batchSize * (branchTraces ? numBranch : numSynapses)];
        this.memory = new float[batchSize * numMemory];
        this.branch = new float[numBranch];
        this.kernel = new DendriteKernel(model);
        this.scratchRows = new float[batchSize * numInput];
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
        Arrays.fill(trace, 0.0);
        Arrays.fill(memory, 0f);
    }

    @Override
    public void step(float[] input, int inputOffset, int inputStride, float[] output, int outputOffset, int outputStride) {
        for (int b = 0; b < batch; b++) {
            int row = inputOffset + b * inputStride;
            if (branchTraces) {
                stepBranchTraces(input, row, b * numBranch);
            } else {
                stepSynapseTraces(input, row, b * numSynapses);
            }
            kernel.step(branch, 0, memory, b * numMemory, output, outputOffset + b * outputStride);
        }
    }

    private float routed(float[] input, int row, int synapse) {
        if (routeIndex == null) {
            return input[row + synapse];
        }
        return routeValid[synapse] ? input[row + routeIndex[synapse]] : 0f;
    }

    /** v1: s = kappa_s * s + w_s * u per synapse, then b_j = sum of branch j's traces. */
    private void stepSynapseTraces(float[] input, int row, int traceOffset) {
        for (int j = 0; j < numBranch; j++) {
            double sum = 0.0;
            int first = j * perBranch;
            for (int e = 0; e < perBranch; e++) {
                int i = first + e;
                int t = traceOffset + i;
                double s = traceKappa[i] * trace[t] + synapseWeight[i] * (double) routed(input, row, i);
                trace[t] = s;
                sum += s;
            }
            branch[j] = (float) sum;
        }
    }

    /** v2: b_j = kappa_b * b_j + sum of w_s * u over branch j. */
    private void stepBranchTraces(float[] input, int row, int traceOffset) {
        for (int j = 0; j < numBranch; j++) {
            double sum = 0.0;
            int first = j * perBranch;
            for (int e = 0; e < perBranch; e++) {
                int i = first + e;
                sum += synapseWeight[i] * (double) routed(input, row, i);
            }
            int t = traceOffset + j;
            double b = traceKappa[j] * trace[t] + sum;
            trace[t] = b;
            branch[j] = (float) b;
        }
    }

    @Override
    public void step(StepEvents events, float[] output, int outputOffset, int outputStride) {
        int n = events.size();
        for (int e = 0; e < n; e++) {
            int b = events.neuron(e);
            int c = events.channel(e);
            checkEvent(b, c, e);
            scratchRows[b * numInput + c] += events.value(e);
        }
        step(scratchRows, 0, numInput, output, outputOffset, outputStride);
        for (int e = 0; e < n; e++) {
            scratchRows[events.neuron(e) * numInput + events.channel(e)] = 0f;
        }
    }

    private void checkEvent(int b, int c, int e) {
        if (b < 0 || b >= batch || c < 0 || c >= numInput) {
            throw new IllegalArgumentException("event " + e + " (neuron " + b + ", channel " + c
                + ") is outside batch " + batch + " x num_input " + numInput);
        }
    }

    /** Memory state of neuron b (d_m floats from b * d_m), for inspection. */
    public float[] memoryState() {
        return memory;
    }
}
