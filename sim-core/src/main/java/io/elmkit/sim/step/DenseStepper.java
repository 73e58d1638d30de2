package io.elmkit.sim.step;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Variant;

/**
 * The reference step, literally: every synapse routed, decayed and summed into its branch every
 * step (O(synapses) per neuron and step), then the first layer's branch part computed from the
 * branch sums. The yardstick for {@link EventStepper}; also the path for models whose tau_s
 * differ. Traces and the branch part are accumulated in float64 (docs/model.md, Precision) so the two
 * steppers agree to float rounding; the rest of the MLP and the memory run in float32 like the
 * reference.
 */
public final class DenseStepper extends KernelStepper {
    private final int numInput;
    private final int numBranch;
    private final int perBranch;
    private final boolean branchTraces;
    private final int[] routeIndex;
    private final boolean[] routeValid;
    private final float[] synapseWeight;
    private final float[] traceKappa;
    /** Per neuron: a trace per synapse (v1), or per branch (v2). */
    private final double[][] trace;
    private final double[] branchSum;
    private final double[][] branchColumns;
    private final double[][] branchPart;
    private final MemoryKernel kernel;
    private final float[] scratchRows;

    /** A stepper for {@code batchSize} neurons of {@code model}, all at state zero. */
    public DenseStepper(ElmModel model, int batchSize) {
        super(model, batchSize);
        this.numInput = model.numInput();
        this.numBranch = model.numBranch();
        this.perBranch = model.synapsesPerBranch();
        this.branchTraces = model.config().variant() == Variant.V2;
        this.routeIndex = model.routeIndex();
        this.routeValid = model.routeValid();
        this.synapseWeight = model.synapseWeight();
        this.traceKappa = model.traceKappa();
        this.trace = new double[batchSize][branchTraces ? numBranch : model.numSynapses()];
        this.branchSum = new double[numBranch];
        this.branchColumns = FirstLayer.branchColumns(model);
        this.branchPart = new double[batchSize][model.mlpOut(0)];
        this.kernel = new MemoryKernel(model, batchSize);
        this.scratchRows = new float[batchSize * numInput];
        holdState(trace, kernel);
    }

    /** Its per-neuron traces (an {@link EventStepper} that falls back to this stepper holds them as its state). */
    double[][] trace() {
        return trace;
    }

    MemoryKernel memoryKernel() {
        return kernel;
    }

    @Override
    public void step(float[] input, int inputOffset, int inputStride, float[] output, int outputOffset, int outputStride) {
        for (int b = 0; b < batch; b++) {
            int row = inputOffset + b * inputStride;
            if (branchTraces) {
                stepBranchTraces(input, row, trace[b]);
            } else {
                stepSynapseTraces(input, row, trace[b]);
            }
            FirstLayer.project(branchColumns, branchSum, 0, branchPart[b]);
        }
        kernel.step(branchPart, output, outputOffset, outputStride);
    }

    // The trace loops below are Synapses.stepSynapseTraces and Synapses.branchInput written out:
    // calling those (as the training forward does) measured 0.55x here (JMH ForwardStep, dense).
    private float routed(float[] input, int row, int synapse) {
        return Synapses.routed(input, row, routeIndex, routeValid, synapse);
    }

    /** v1: s = kappa_s * s + w_s * u per synapse, then b_j = sum of branch j's traces. */
    private void stepSynapseTraces(float[] input, int row, double[] t) {
        for (int j = 0; j < numBranch; j++) {
            double sum = 0.0;
            int first = j * perBranch;
            for (int e = 0; e < perBranch; e++) {
                int i = first + e;
                double s = traceKappa[i] * t[i] + synapseWeight[i] * (double) routed(input, row, i);
                t[i] = s;
                sum += s;
            }
            branchSum[j] = sum;
        }
    }

    /** v2: b_j = kappa_b * b_j + sum of w_s * u over branch j. */
    private void stepBranchTraces(float[] input, int row, double[] t) {
        for (int j = 0; j < numBranch; j++) {
            double sum = 0.0;
            int first = j * perBranch;
            for (int e = 0; e < perBranch; e++) {
                sum += synapseWeight[first + e] * (double) routed(input, row, first + e);
            }
            double b = traceKappa[j] * t[j] + sum;
            t[j] = b;
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
