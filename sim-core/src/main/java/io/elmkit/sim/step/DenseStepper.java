package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Variant;
import java.util.Arrays;

/**
 * The reference step, literally: every synapse routed, decayed and summed into its branch every
 * step (O(synapses) per neuron and step), then the first layer's branch part computed from the
 * branch sums. The yardstick for {@link EventStepper}; also the path for models whose tau_s
 * differ. Traces and the branch part are accumulated in float64 (docs/model.md, Precision) so the two
 * steppers agree to float rounding; the rest of the MLP and the memory run in float32 like the
 * reference.
 */
public final class DenseStepper implements ElmStepper {
    private final ElmModel model;
    private final int batch;
    private final int numInput;
    private final int numBranch;
    private final int perBranch;
    private final int numSynapses;
    private final boolean branchTraces;
    private final int[] routeIndex;
    private final boolean[] routeValid;
    private final float[] synapseWeight;
    private final float[] traceKappa;
    private final double[] trace;
    private final double[] branchSum;
    private final double[][] branchColumns;
    private final double[][] branchPart;
    private final MemoryKernel kernel;
    private final float[] scratchRows;

    /** A stepper for {@code batchSize} neurons of {@code model}, all at state zero. */
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
        this.branchTraces = model.config().variant() == Variant.V2;
        this.routeIndex = model.routeIndex();
        this.routeValid = model.routeValid();
        this.synapseWeight = model.synapseWeight();
        this.traceKappa = model.traceKappa();
        this.trace = new double[batchSize * (branchTraces ? numBranch : numSynapses)];
        this.branchSum = new double[numBranch];
        this.branchColumns = FirstLayer.branchColumns(model);
        this.branchPart = new double[batchSize][model.mlpOut(0)];
        this.kernel = new MemoryKernel(model, batchSize);
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
        kernel.reset();
    }

    @Override
    public void resetNeuron(int neuron) {
        int perNeuron = trace.length / batch;
        Arrays.fill(trace, neuron * perNeuron, (neuron + 1) * perNeuron, 0.0);
        kernel.resetNeuron(neuron);
    }

    /** Traces (per synapse, or per branch for v2), then the memory; the branch part is recomputed each step. */
    @Override
    public int neuronStateLength() {
        return trace.length / batch + kernel.stateLength();
    }

    @Override
    public void saveNeuronState(int neuron, double[] dst, int offset) {
        int perNeuron = trace.length / batch;
        System.arraycopy(trace, neuron * perNeuron, dst, offset, perNeuron);
        kernel.saveNeuron(neuron, dst, offset + perNeuron);
    }

    @Override
    public void loadNeuronState(int neuron, double[] src, int offset) {
        int perNeuron = trace.length / batch;
        System.arraycopy(src, offset, trace, neuron * perNeuron, perNeuron);
        kernel.loadNeuron(neuron, src, offset + perNeuron);
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
            FirstLayer.project(branchColumns, branchSum, 0, branchPart[b]);
        }
        kernel.step(branchPart, output, outputOffset, outputStride);
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
            branchSum[j] = sum;
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
            branchSum[j] = b;
        }
    }

    @Override
    public void step(StepEvents events, float[] output, int outputOffset, int outputStride) {
        int n = events.size();
        for (int e = 0; e < n; e++) {
            int b = events.neuron(e);
            int c = events.channel(e);
            MemoryKernel.checkEvent(e, b, c, batch, numInput);
            scratchRows[b * numInput + c] += events.value(e);
        }
        step(scratchRows, 0, numInput, output, outputOffset, outputStride);
        for (int e = 0; e < n; e++) {
            scratchRows[events.neuron(e) * numInput + events.channel(e)] = 0f;
        }
    }
}
