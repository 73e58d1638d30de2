package io.elmkit.sim.train;

import io.elmkit.sim.model.Activation;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Variant;
import io.elmkit.sim.step.ChannelIndex;
import io.elmkit.sim.step.ExactExp;
import io.elmkit.sim.step.FirstLayer;
import io.elmkit.sim.step.Layers;
import io.elmkit.sim.step.MlpShape;
import io.elmkit.sim.step.ScaledTanh;
import io.elmkit.sim.step.Synapses;

/**
 * Backpropagation through time for one ELM sequence at a time (hand-written, no autograd): a
 * forward that keeps what the backward needs, then gradients of every trainable parameter.
 *
 * <p>Forward: as the steppers (branch traces and the first layer's branch part in float64, the
 * rest float32). Backward: float64. Where every branch decays with one kappa (all published models,
 * SHD's and NeuronIO's shapes), the first layer's branch part, its branch weights' gradient and
 * w_s's gradient come from the spikes (see the field firstLayerFromSpikes). Otherwise the branch
 * traces are kept: the first layer's branch part and the branch gradients, which do not feed the
 * recurrence, run a tile of steps at a time as matrix-matrix products ({@link TimeTiles}),
 * bit-identical to step by step, and the gradient of w_s uses the branch-level backward trace
 * G_t = g_b,t + kappa G_{t+1}, accumulated only at the steps and synapses where the input is
 * non-zero; v1 models whose tau_s differ keep a per-synapse backward trace instead; with one
 * synapse per branch the gradient of w_s follows from the first layer's weight gradient
 * (synapseGradientFromBranchWeights).
 * Memory: O(T * (d_b + h * layers + d_m)), without the d_b from the spikes.
 * Not thread-safe: one instance per worker.
 */
public final class Bptt {

    private final ElmModel model;
    private final int dIn;
    private final int dB;
    private final int k;
    private final int dS;
    private final int dM;
    private final int dO;
    private final MlpShape shape;
    private final int layers;
    private final int[] in;
    private final int[] out;
    private final Activation activation;
    private final boolean v2;
    private final boolean branchBackward;
    private final boolean oneSynapsePerBranch; // w_s's gradient from dW0, see synapseGradientFromBranchWeights
    private final double[] gradientScratch;
    private final float[] branchKappa;
    /**
     * Every branch decays with one kappa (SHD's and NeuronIO's shapes): the first layer's branch
     * part and the gradients of its branch weights and of w_s are taken from the spikes instead of
     * from every branch trace. With u_t[c] the input of channel c at step t and column(c) = sum over
     * the synapses s that c feeds of w_s W0[:, branch(s)] (the event steppers' channel columns), the
     * traces obey b_t = kappa b_t-1 + Delta_t with W0[:, branches] Delta_t = sum over c of u_t[c]
     * column(c). Forward: z_b,t = kappa z_b,t-1 + sum over the step's inputs of u_t[c] column(c), as
     * the event steppers do. Backward: with G_t = g_t + kappa G_t+1 (g_t the first layer's
     * gradient), sum over t of g_t b_t^T = sum over t of G_t Delta_t^T, and the branch-level backward
     * trace of w_s's gradient is W0[:, j]^T G_t; both are sums over t of u_t[c] G_t, so per channel
     * A_c = sum over t of u_t[c] G_t is carried (one axpy per input), and at the end dW0[:, j] +=
     * w_s A_c and dL/dw_s += W0[:, j] . A_c for each synapse s of channel c on branch j. The same
     * sums regrouped, in float64: O(h x inputs) per step instead of {@link TimeTiles}' O(h x d_b)
     * products and the traces (SHD: ~10 inputs per step against 700 branches; NeuronIO ~14 inputs,
     * ~50 synapses, against 45 branches).
     */
    private final boolean firstLayerFromSpikes;
    /** The kappa shared by every branch where {@link #firstLayerFromSpikes}. */
    private final double sharedKappa;
    /** The forward's z_b,t, carried from step to step ([h]). */
    private final double[] branchSum;
    /** The backward's G_t, carried from step to step backwards ([h]). */
    private final double[] filteredG;
    /** The lockstep's g_t, taken from a tile column ([h]). */
    private final double[] firstLayerG;
    // Scratch of the spike form's four-at-a-time passes: the forward's columns and inputs, the fold's dot products.
    private final double[][] fourCols = new double[4][];
    private final double[] fourValues = new double[4];
    private final double[] fourDots = new double[4];
    /** column(c) per channel ([dIn][h], null for a channel that feeds nothing; the model's shared copy: read only). */
    private final double[][] channelColumns;
    /** A_c = sum over t of u_t[c] G_t per channel ([dIn][h]; zero where channelHasGradient is false). */
    private final double[][] channelGradient;
    /** Whether channelGradient[c] may be non-zero (channel c had input in the backward so far). */
    private final boolean[] channelHasGradient;
    /** dW0[:, j] from the spikes, [j][i] ([dB + 1][h]: slot dB takes the padding's routes); null unless {@link #firstLayerFromSpikes}. */
    private final double[][] dw0BranchCols;
    private final float[] synKappa;
    private final float[] ws;
    private final float[] kappaM;
    private final float[] gain;
    private final int[] channelStart;
    private final int[] channelSynapse;
    // Branch traces (branchBackward): channel c's synapses are entries routeStart[c] .. routeStart[c + 1]
    // (the synapse, its branch and w_s). When every channel has about as many synapses (the most at
    // most one above the mean, as NeuronIO's 3 or 4), each channel is padded to the most, so that the
    // per-event loops run a fixed count (a count of 3 or 4 at random was a mispredicted loop exit
    // per event, ~10 % of NeuronIO's training step). Padding adds to the scratch slot dB of the
    // traces (never read), and in the backward its zero there (+-0) to synapse 0's gradient, which
    // leaves that sum as it is (it starts at +0, so it is never -0).
    private final int[] routeStart;
    private final int[] routeSynapse;
    private final int[] routeBranch;
    private final float[] routeWeight;
    // Weights as separate rows and columns so that the hot loops run over one index into
    // distinct arrays, which the JIT vectorises (a flat row-major array indexed at two offsets
    // defeats it). Sums keep the reference's order, so results are unchanged.
    private final double[][] w0BranchCols;  // [j < dB][i < h]: W0[i][j] as float64; [dB]: zeros
    private final float[][] w0MemCols;      // [q < dM][i < h]: W0[i][dB + q]
    private final double[][] w0BranchRows;  // [i][j < dB]: W0[i][j] as float64
    private final double[][] w0MemRows;     // [i][q < dM], float64 so that the backward converts nothing per step
    private final float[][][] wCols;        // layers >= 1: [l][j][i]
    private final double[][][] wRows;       // layers >= 1: [l][i][j], float64 (backward)
    private final double[][][] dwRows;      // per-sequence weight gradients [l][i][j] (layer 0: [i][j < dB])
    private final double[][] dw0MemRows;    // per-sequence layer-0 memory-input gradients [i][q]
    // The last WINDOW steps' layer gradients and layer inputs of the backward, added to the weight
    // gradients WINDOW steps at a time (dw[j] += g_t a_t[j] + g_t-1 a_t-1[j] + ..., the same terms in
    // the same order as step by step): one load and store of dw per WINDOW multiply-adds.
    private static final int WINDOW = 8;
    private final double[][][] gWindow;     // [l][w][i < out[l]]
    private final double[][][] aWindow;     // [l][w][j < in[l]] for l >= 1 (layer 0's branch part: TimeTiles)
    private final double[][] kmWindow;      // [w][q < dM]: layer 0's memory inputs kappa_m m_{t-1}
    private static final int WINDOW_UNITS = 4;
    private final double[][] windowCoef = new double[WINDOW_UNITS][WINDOW]; // [unit][w]: g[w][i] of a unit
    private final double[][] windowOut = new double[WINDOW_UNITS][];

    // The forward's state and scratch between its per-step methods: m_t, kappa_m m_{t-1}, tanh,
    // a layer's activations and sums, the dense input row (per-synapse traces only).
    private final float[] fwdMemory;
    private final float[] fwdMemoryInput;
    private final float[] fwdTanh;
    private final float[] fwdActivation;
    private final float[] fwdSum;
    private final float[] fwdDenseRow;
    private final ScaledTanh.Scratch fwdTanhScratch;
    // The backward's between its per-step methods: dL/dm_t and dL/dm_{t-1} (swapped every step), the
    // sequence's kappa_m and gain sums (the lockstep's finish fills them from its lane), the
    // weight-gradient window's fill, and per-step scratch.
    private double[] gm;
    private double[] gmPrev;
    private final double[] dKappaM;
    private final double[] dGain;
    private int window;
    private final double[] gz;
    private final double[] ga;
    private final float[] mPrevRow;
    private final double[] gxSum;
    private final double[] gNonZero;
    private final int[] unitNonZero;

    // Per-step storage, sized for the longest sequence seen.
    private int capacity;
    private double[][] branch;    // [t][dB]
    private float[] memPrev;      // [t][dM] m_{t-1}
    private float[] memory;       // [t][dM] m_t
    private float[] dmStore;      // [t][dM]
    private float[] tanhStore;    // [t][dM] tanh(2/3 z)
    private float[][] pre;        // [l][t][out_l] pre-activations of hidden layers
    private float[][] act;        // [l][t][out_l] activations of hidden layers
    private double[] trace;       // forward branch or synapse traces
    // One tile of TimeTiles.STEPS steps, [unit][step]: forward, the branch traces and the first
    // layer's branch part; backward, the branch gradients and the first layer's gradients.
    private double[][] tileBranch; // [dB][STEPS]
    private double[][] tileHidden; // [h][STEPS]
    private double[] backTrace;    // backward: the branches' (or synapses') backward traces G_t
    private final TimeTiles tiles;
    private final boolean padRoutes;

    /** A backward for sequences of {@code model}. */
    public Bptt(ElmModel model) {
        this(model, true);
    }

    /** As {@link #Bptt(ElmModel)}; {@code padRoutes} false never pads the channels' synapses (tests compare both). */
    Bptt(ElmModel model, boolean padRoutes) {
        this(model, padRoutes, true, null);
    }

    /**
     * As {@link #Bptt(ElmModel)}; {@code spikeForm} false keeps the branch traces and their tile
     * products even where {@link #firstLayerFromSpikes} applies (tests compare the two forms on the
     * same model; models whose branches decay differently always take that path).
     */
    static Bptt withSpikeForm(ElmModel model, boolean spikeForm) {
        return new Bptt(model, true, spikeForm, null);
    }

    /**
     * As {@link #Bptt(ElmModel)}, taking over what an instance no longer used ({@code previous}, e.g.
     * the same worker's from the previous training step, whose model had other parameter values) built
     * for the same structure: its channel and route tables, scratch and weight-layout arrays (the
     * weights copied in again) and its per-step storage ({@link #adoptStorage}). {@code previous} must
     * not be used afterwards.
     */
    Bptt(ElmModel model, Bptt previous) {
        this(model, true, true, previous);
    }

    private Bptt(ElmModel model, boolean padRoutes, boolean spikeForm, Bptt previous) {
        this.model = model;
        this.padRoutes = padRoutes;
        Bptt old = previous != null && previous.sameStructure(model, padRoutes) ? previous : null;
        dIn = model.numInput();
        dB = model.numBranch();
        k = model.synapsesPerBranch();
        dS = model.numSynapses();
        dM = model.numMemory();
        dO = model.numOutput();
        shape = new MlpShape(model);
        layers = shape.layers;
        in = shape.in;
        out = shape.out;
        activation = model.config().activation();
        v2 = model.config().variant() == Variant.V2;
        branchBackward = model.branchTracesSuffice();
        oneSynapsePerBranch = k == 1;
        gradientScratch = new double[oneSynapsePerBranch ? dB : 0];
        synKappa = model.traceKappa();
        branchKappa = branchKappa(model);
        firstLayerFromSpikes = spikeForm && firstLayerFromSpikes(model);
        sharedKappa = dB > 0 ? branchKappa[0] : 0.0;
        branchSum = new double[firstLayerFromSpikes ? out[0] : 0];
        filteredG = new double[firstLayerFromSpikes ? out[0] : 0];
        firstLayerG = new double[firstLayerFromSpikes ? out[0] : 0];
        boolean takeOver = firstLayerFromSpikes && old != null && old.firstLayerFromSpikes;
        channelColumns = firstLayerFromSpikes ? FirstLayer.sharedChannelColumns(model) : null;
        dw0BranchCols = !firstLayerFromSpikes ? null : takeOver ? old.dw0BranchCols : new double[dB + 1][out[0]];
        channelGradient = !firstLayerFromSpikes ? null : takeOver ? old.channelGradient : new double[dIn][out[0]];
        channelHasGradient = !firstLayerFromSpikes ? null : takeOver ? old.channelHasGradient : new boolean[dIn];
        ws = model.synapseWeight();
        kappaM = model.kappaM();
        gain = model.memoryGain();
        int h = out[0];
        int width = maxWidth();
        fwdMemory = new float[dM];
        fwdMemoryInput = new float[dM];
        fwdTanh = new float[dM];
        fwdActivation = new float[width];
        fwdSum = new float[width];
        fwdDenseRow = branchBackward ? null : new float[dIn];
        fwdTanhScratch = new ScaledTanh.Scratch(dM);
        gm = new double[dM];
        gmPrev = new double[dM];
        dKappaM = new double[dM];
        dGain = new double[dM];
        gz = new double[width];
        ga = new double[width];
        mPrevRow = new float[dM];
        gxSum = new double[dM];
        gNonZero = new double[width];
        unitNonZero = new int[width];
        if (old != null) {
            channelStart = old.channelStart;
            channelSynapse = old.channelSynapse;
            routeStart = old.routeStart;
            routeSynapse = old.routeSynapse;
            routeBranch = old.routeBranch;
            routeWeight = old.routeWeight;
            tiles = old.tiles;
            gWindow = old.gWindow;
            aWindow = old.aWindow;
            kmWindow = old.kmWindow;
            w0BranchCols = old.w0BranchCols;
            w0MemCols = old.w0MemCols;
            w0BranchRows = old.w0BranchRows;
            w0MemRows = old.w0MemRows;
            wCols = old.wCols;
            wRows = old.wRows;
            dwRows = old.dwRows;
            dw0MemRows = old.dw0MemRows;
            fillRouteWeights(); // the new model's values into the tables taken over
            copyWeights();
            adoptStorage(old);
            return;
        }
        // Synapses fed by each input channel (valid ones only), for the sparse w_s gradient.
        ChannelIndex index = ChannelIndex.of(model);
        channelStart = index.start();
        channelSynapse = index.synapse();
        int most = 0;
        for (int c = 0; c < dIn; c++) {
            most = Math.max(most, channelStart[c + 1] - channelStart[c]);
        }
        boolean padded = padRoutes && (long) most * dIn <= channelSynapse.length + dIn;
        routeStart = new int[dIn + 1];
        for (int c = 0; c < dIn; c++) {
            routeStart[c + 1] = padded ? (c + 1) * most : channelStart[c + 1];
        }
        routeSynapse = new int[routeStart[dIn]];
        routeBranch = new int[routeStart[dIn]];
        routeWeight = new float[routeStart[dIn]];
        for (int c = 0; c < dIn; c++) {
            int first = channelStart[c];
            for (int p = routeStart[c], r = 0; p < routeStart[c + 1]; p++, r++) {
                boolean real = first + r < channelStart[c + 1];
                routeSynapse[p] = real ? channelSynapse[first + r] : 0;
                routeBranch[p] = real ? channelSynapse[first + r] / k : dB;
            }
        }
        fillRouteWeights();
        tiles = new TimeTiles(Math.max(dB, h), dB);
        gWindow = new double[layers][WINDOW][];
        aWindow = new double[layers][WINDOW][];
        kmWindow = new double[WINDOW][dM];
        for (int l = 0; l < layers; l++) {
            for (int w = 0; w < WINDOW; w++) {
                gWindow[l][w] = new double[out[l]];
                aWindow[l][w] = new double[l == 0 ? 0 : in[l]];
            }
        }
        w0BranchCols = new double[dB + 1][h]; // slot dB: zeros, the padding's (routeBranch)
        w0MemCols = new float[dM][h];
        w0BranchRows = new double[h][dB];
        w0MemRows = new double[h][dM];
        wCols = new float[layers][][];
        wRows = new double[layers][][];
        dwRows = new double[layers][][];
        dwRows[0] = new double[h][dB];
        dw0MemRows = new double[h][dM];
        for (int l = 1; l < layers; l++) {
            wCols[l] = new float[in[l]][out[l]];
            wRows[l] = new double[out[l]][in[l]];
            dwRows[l] = new double[out[l]][in[l]];
        }
        copyWeights();
    }

    /** Whether {@code model}'s branches all decay with one kappa, which {@link #firstLayerFromSpikes} needs. */
    static boolean firstLayerFromSpikes(ElmModel model) {
        if (!model.branchTracesSuffice()) {
            return false;
        }
        float[] kappa = branchKappa(model);
        for (float each : kappa) {
            if (each != kappa[0]) {
                return false;
            }
        }
        return true;
    }

    /** Each branch's trace kappa: v2's per branch, or v1's of the branch's first synapse (all alike where branch traces suffice). */
    private static float[] branchKappa(ElmModel model) {
        float[] kappa = model.traceKappa();
        int dB = model.numBranch();
        int k = model.synapsesPerBranch();
        float[] perBranch = new float[dB];
        for (int j = 0; j < dB; j++) {
            perBranch[j] = kappa.length == dB ? kappa[j] : kappa[j * k];
        }
        return perBranch;
    }

    /** Each route's w_s from the model (0 for a padding entry, whose branch is the scratch slot dB). */
    private void fillRouteWeights() {
        for (int p = 0; p < routeWeight.length; p++) {
            routeWeight[p] = routeBranch[p] == dB ? 0f : ws[routeSynapse[p]];
        }
    }

    /** The model's layer weights into the column- and row-major layouts. */
    private void copyWeights() {
        int h = out[0];
        float[] w0 = model.mlpWeight(0);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < dB; j++) {
                w0BranchCols[j][i] = w0[i * in[0] + j];
                w0BranchRows[i][j] = w0[i * in[0] + j];
            }
            for (int q = 0; q < dM; q++) {
                w0MemCols[q][i] = w0[i * in[0] + dB + q];
                w0MemRows[i][q] = w0[i * in[0] + dB + q];
            }
        }
        for (int l = 1; l < layers; l++) {
            float[] w = model.mlpWeight(l);
            for (int i = 0; i < out[l]; i++) {
                for (int j = 0; j < in[l]; j++) {
                    wCols[l][j][i] = w[i * in[l] + j];
                    wRows[l][i][j] = w[i * in[l] + j];
                }
            }
        }
    }

    /** Tests: whether this instance took over {@code other}'s route tables (see {@link #Bptt(ElmModel, Bptt)}). */
    boolean sharesTablesWith(Bptt other) {
        return routeStart == other.routeStart && tiles == other.tiles;
    }

    private boolean sameLayers(MlpShape other) {
        return java.util.Arrays.equals(other.out, out) && java.util.Arrays.equals(other.in, in);
    }

    /**
     * Whether this instance's tables and layouts serve {@code other}: the same dimensions and the
     * same routing (synapse to channel, validity), so that only parameter values differ.
     */
    private boolean sameStructure(ElmModel other, boolean pad) {
        return pad == padRoutes && other.numInput() == dIn && other.numBranch() == dB && other.synapsesPerBranch() == k
            && other.numSynapses() == dS && other.numMemory() == dM && other.numOutput() == dO
            && sameLayers(new MlpShape(other))
            && other.branchTracesSuffice() == branchBackward
            && java.util.Arrays.equals(other.routeIndex(), model.routeIndex())
            && java.util.Arrays.equals(other.routeValid(), model.routeValid());
    }

    // The non-zero inputs of the last forward's sequence (a view into its SpikeSequences): step t's
    // events are nzChannel/nzValue[nzStart[nzBase + t] .. nzStart[nzBase + t + 1]).
    private int[] nzStart;
    private int nzBase;
    private int[] nzChannel;
    private float[] nzValue;

    /** Bytes of per-step state one sequence of {@code steps} keeps for its backward. */
    static long stateBytes(ElmModel model, int steps) {
        long perStep = (firstLayerFromSpikes(model) ? 0 : 8L * model.numBranch()) + 4L * 4 * model.numMemory();
        for (int l = 0; l + 1 < model.mlpLayerCount(); l++) {
            perStep += 2L * 4 * model.mlpOut(l);
        }
        return perStep * steps;
    }

    /**
     * Takes over the per-step storage of an instance no longer used (e.g. the same worker's
     * instance from the previous batch) when the shapes agree, so that a training step does not
     * allocate and zero megabytes of arrays again. Every array is overwritten before it is read.
     */
    void adoptStorage(Bptt old) {
        if (old == null || old.dB != dB || old.dM != dM || old.layers != layers || !java.util.Arrays.equals(old.out, out)
                || old.firstLayerFromSpikes != firstLayerFromSpikes) {
            return;
        }
        capacity = old.capacity;
        branch = old.branch;
        memPrev = old.memPrev;
        memory = old.memory;
        dmStore = old.dmStore;
        tanhStore = old.tanhStore;
        pre = old.pre;
        act = old.act;
        tileBranch = old.tileBranch;
        tileHidden = old.tileHidden;
        old.capacity = 0;
        old.branch = null;
    }

    private void ensureCapacity(int steps) {
        if (steps <= capacity) {
            return;
        }
        capacity = steps;
        if (tileHidden == null) {
            // From the spikes the branch traces are neither kept nor tiled.
            tileBranch = firstLayerFromSpikes ? null : new double[dB][TimeTiles.STEPS];
            tileHidden = new double[out[0]][TimeTiles.STEPS];
        }
        branch = firstLayerFromSpikes ? null : new double[steps][dB];
        memPrev = new float[steps * dM];
        memory = new float[steps * dM];
        dmStore = new float[steps * dM];
        tanhStore = new float[steps * dM];
        pre = new float[layers - 1][];
        act = new float[layers - 1][];
        for (int l = 0; l < layers - 1; l++) {
            pre[l] = new float[steps * out[l]];
            act[l] = new float[steps * out[l]];
        }
    }

    /**
     * Forward of one sequence: input rows of d_in values (step t at {@code offset + t * d_in}),
     * outputs (T, d_o) into {@code y} from {@code yOffset}. Keeps the states for {@link #backward}.
     */
    public void forward(float[] x, int offset, int steps, float[] y, int yOffset) {
        forward(SpikeSequences.fromDense(x, offset, 1, steps, dIn), 0, y, yOffset);
    }

    /**
     * Forward of sequence {@code sequence} of sparse input, outputs (T, d_o) into {@code y} from
     * {@code yOffset}. Keeps the states for {@link #backward}.
     */
    public void forward(SpikeSequences input, int sequence, float[] y, int yOffset) {
        if (input.numInput() != dIn) {
            throw new IllegalArgumentException("input has " + input.numInput() + " channels, the model's num_input is " + dIn);
        }
        int steps = input.steps();
        nzStart = input.startArray();
        nzBase = input.startOffset(sequence);
        nzChannel = input.channels();
        nzValue = input.values();
        ensureCapacity(steps);
        // When a branch's synapses decay alike, its trace obeys b_t = kappa b_{t-1} + sum of w_s u
        // over the synapses with input this step: O(branches + spikes) per step instead of
        // O(synapses). Otherwise (v1 with differing tau_s) every synapse keeps its own trace.
        trace = firstLayerFromSpikes ? null : new double[branchBackward ? dB + 1 : dS]; // slot dB: the padding's (routeBranch)
        java.util.Arrays.fill(branchSum, 0.0);
        java.util.Arrays.fill(fwdMemory, 0f);
        if (firstLayerFromSpikes) {
            // No tiles: the branch part is a running sum a step at a time (nothing reads the traces,
            // and the backward takes no branch gradients: backwardTile).
            for (int t = 0; t < steps; t++) {
                branchPartFromSpikes(t);
                recurrentStep(t, y, yOffset);
            }
            return;
        }
        // A tile of steps at a time: first the branch traces (input only), then the first layer's
        // branch part of the whole tile as one product, then the recurrent rest step by step.
        // Per-step methods, not one long loop nest: C2 compiles each once (a method of this whole
        // loop nest was compiled again at every inner loop's back-edge, OSR, ~1.5 s of compile each
        // on a slow core, which held a one-core training run below its speed for ~15 s).
        for (int t0 = 0; t0 < steps; t0 += TimeTiles.STEPS) {
            int tileSteps = Math.min(TimeTiles.STEPS, steps - t0);
            for (int t = t0; t < t0 + tileSteps; t++) {
                branchStep(t, t - t0);
            }
            // Layer 0: bias + branch part in float64 rounded once, then the memory inputs in float
            // (per output i the same order of terms as a row dot product, so the same rounding).
            // Not Layers.biasPlusBranchPart: here the bias is the first term of the float64 sum,
            // where the steppers add it to the finished branch part; the goldens' gradients were
            // computed in this order, and changing either would change bits (branchPartFromSpikes).
            tiles.branchPart(w0BranchRows, model.mlpBias(0), tileBranch, dB, tileHidden, out[0], tileSteps);
            for (int t = t0; t < t0 + tileSteps; t++) {
                int tt = t - t0;
                float[] z = fwdSum;
                for (int i = 0; i < out[0]; i++) {
                    z[i] = (float) tileHidden[i][tt];
                }
                recurrentStep(t, y, yOffset);
            }
        }
    }

    /**
     * {@link #firstLayerFromSpikes}' forward of step t: z_b,t = kappa z_b,t-1 + u column(c) for each
     * of the step's inputs u to channel c, then layer 0's sum fwdSum = bias + z_b,t (rounded once).
     * The branch part is a running sum and the bias comes last, where the tiles add the bias first:
     * other bits than the traces' path, within the goldens (SpikeFormTest compares the two).
     */
    private void branchPartFromSpikes(int t) {
        int h = out[0];
        double[] z = branchSum;
        double kappa = sharedKappa;
        float[] bias = model.mlpBias(0);
        double[][] cols = channelColumns;
        for (int i = 0; i < h; i++) {
            z[i] *= kappa;
        }
        // Four inputs per pass (one load and store of z for four columns; the same sum, in order).
        int m = 0;
        for (int e = nzStart[nzBase + t], end = nzStart[nzBase + t + 1]; e < end; e++) {
            double[] col = cols[nzChannel[e]];
            if (col == null) { // a channel that feeds no synapse
                continue;
            }
            fourCols[m] = col;
            fourValues[m] = nzValue[e];
            if (++m == 4) {
                Layers.axpy4(z, fourCols[0], fourValues[0], fourCols[1], fourValues[1], fourCols[2], fourValues[2],
                    fourCols[3], fourValues[3], h);
                m = 0;
            }
        }
        for (int r = 0; r < m; r++) {
            Layers.axpy(z, fourCols[r], fourValues[r], h);
        }
        float[] sum = fwdSum;
        for (int i = 0; i < h; i++) {
            sum[i] = (float) (bias[i] + z[i]);
        }
    }

    /** Forward, step t (column tt of the tile): the branch traces after the step's input, into branch[t] and the tile. */
    private void branchStep(int t, int tt) {
        if (branchBackward) {
            Synapses.decay(trace, branchKappa, dB);
            for (int e = nzStart[nzBase + t], end = nzStart[nzBase + t + 1]; e < end; e++) {
                int c = nzChannel[e];
                float u = nzValue[e];
                for (int p = routeStart[c], last = routeStart[c + 1]; p < last; p++) {
                    trace[routeBranch[p]] += routeWeight[p] * u;
                }
            }
            System.arraycopy(trace, 0, branch[t], 0, dB);
        } else {
            // Synapses that decay differently need every input value: this step's dense row, then
            // branch activations b_t (float64) from per-synapse traces (v1 only: v2 is always sparse).
            float[] denseRow = fwdDenseRow;
            for (int e = nzStart[nzBase + t], end = nzStart[nzBase + t + 1]; e < end; e++) {
                denseRow[nzChannel[e]] = nzValue[e];
            }
            int[] route = model.routeIndex();
            boolean[] valid = model.routeValid();
            for (int j = 0; j < dB; j++) {
                branch[t][j] = Synapses.stepSynapseTraces(trace, synKappa, ws, j * k, k, denseRow, 0, route, valid);
            }
            for (int e = nzStart[nzBase + t], end = nzStart[nzBase + t + 1]; e < end; e++) {
                denseRow[nzChannel[e]] = 0f;
            }
        }
        for (int j = 0; j < dB; j++) {
            tileBranch[j][tt] = branch[t][j];
        }
    }

    /**
     * Forward, step t once layer 0's branch part (bias included) is in fwdSum: the memory input, the
     * hidden layers, the memory update and the readout; keeps what the backward reads, writes y_t.
     * One method per stage, each with its own short loops, so that C2 compiles each when it is
     * called often, not at a loop's back-edge (see {@link #forward}).
     */
    private void recurrentStep(int t, float[] y, int yOffset) {
        firstLayerSum(t);
        for (int l = 1; l <= layers - 1; l++) {
            hiddenLayer(l, t);
        }
        memoryUpdate(t);
        readout(t, y, yOffset);
    }

    /** Layer 0's pre-activation: adds W0[:, memory] kappa_m m_{t-1} to its branch part (bias included) in fwdSum. */
    private void firstLayerSum(int t) {
        float[] m = fwdMemory;
        float[] km = fwdMemoryInput;
        float[] z = fwdSum;
        System.arraycopy(m, 0, memPrev, t * dM, dM);
        for (int q = 0; q < dM; q++) {
            km[q] = kappaM[q] * m[q];
        }
        Products.add1(z, km, w0MemCols, dM, out[0]);
    }

    /** Layer l >= 1: activates layer l-1's pre-activation in fwdSum (both kept), then layer l's sum into fwdSum. */
    private void hiddenLayer(int l, int t) {
        float[] a = fwdActivation;
        float[] z = fwdSum;
        int n = out[l - 1];
        System.arraycopy(z, 0, pre[l - 1], t * n, n);
        for (int i = 0; i < n; i++) {
            a[i] = activation(z[i]);
        }
        System.arraycopy(a, 0, act[l - 1], t * n, n);
        // Layers.dense's sum (bias, then inputs ascending), four inputs per pass.
        System.arraycopy(model.mlpBias(l), 0, z, 0, out[l]);
        Products.add1(z, a, wCols[l], in[l], out[l]);
    }

    /** m_t = kappa m_{t-1} + gain * 1.7159 tanh(2/3 z) from the last layer's sum in fwdSum (tanh and dm kept). */
    private void memoryUpdate(int t) {
        float[] m = fwdMemory;
        float[] th = fwdTanh;
        Layers.tanhPartRow(fwdSum, dM, fwdTanhScratch, th);
        for (int q = 0; q < dM; q++) {
            float dm = ScaledTanh.SCALE * th[q];
            tanhStore[t * dM + q] = th[q];
            dmStore[t * dM + q] = dm;
            m[q] = Layers.nextMemory(kappaM[q], m[q], gain[q], dm);
        }
        System.arraycopy(m, 0, memory, t * dM, dM);
    }

    /**
     * Readout y_o = bias_o + sum over q (ascending) of W_y[o][q] m_q: the terms of Layers.dense in
     * its order, as one dot product per output (d_o is often 2, too short for an axpy over outputs).
     */
    private void readout(int t, float[] y, int yOffset) {
        float[] m = fwdMemory;
        float[] readoutWeight = model.readoutWeight();
        float[] readoutBias = model.readoutBias();
        for (int o = 0; o < dO; o++) {
            float v = readoutBias[o];
            for (int q = 0; q < dM; q++) {
                v += readoutWeight[o * dM + q] * m[q];
            }
            y[yOffset + t * dO + o] = v;
        }
    }

    private int maxWidth() {
        return Math.max(dM, shape.widest);
    }

    private float activation(float v) {
        return activation.apply(v);
    }

    /** d activation / d pre-activation. ReLU: 1 for v > 0, else 0 (as PyTorch). */
    private double activationGrad(float v) {
        return activation.derivative(v);
    }

    /**
     * Backward of the sequence of the last {@link #forward} (whose input it reuses): {@code gy} holds
     * dL/dy (T, d_o) from {@code gyOffset}; gradients are added to {@code grads}.
     */
    public void backward(int steps, double[] gy, int gyOffset, Gradients grads) {
        java.util.Arrays.fill(gm, 0.0);
        java.util.Arrays.fill(dKappaM, 0.0);
        java.util.Arrays.fill(dGain, 0.0);
        window = 0;
        beginBackward();
        if (firstLayerFromSpikes) {
            // Step by step from the last: the recurrent part, then g_t into the channels' sums.
            for (int t = steps - 1; t >= 0; t--) {
                recurrentBackwardStep(t, gy, gyOffset, grads);
                channelGradientsFromSpikes(t, gz);
            }
        } else {
            // Tiles of steps from the last: the recurrent part step by step (keeping the first
            // layer's gradients g_t in tileHidden), then the branch gradients of the whole tile as
            // one product, then the synapses' backward traces step by step. A method per step, as
            // in the forward.
            for (int tileEnd = steps; tileEnd > 0; tileEnd -= TimeTiles.STEPS) {
                int t0 = Math.max(0, tileEnd - TimeTiles.STEPS);
                for (int t = tileEnd - 1; t >= t0; t--) {
                    recurrentBackwardStep(t, gy, gyOffset, grads);
                    double[] g = gz;
                    for (int i = 0; i < out[0]; i++) {
                        tileHidden[i][t - t0] = g[i];
                    }
                }
                backwardTile(t0, tileEnd, grads);
            }
        }
        addWindowToWeightGradients(window);
        finishBackward(grads);
    }

    /**
     * Backward, step t: from dL/dm_t (gm, plus dL/dy_t from {@code gy}) to dL/dm_{t-1} (left in gm
     * for step t - 1), the first layer's gradient g_t (left in gz), the readout's, biases' and
     * kappa_m and gain sums into {@code grads}, dKappaM and dGain, and the layer weight-gradient
     * terms into the window. One method per stage, as the forward's.
     */
    private void recurrentBackwardStep(int t, double[] gy, int gyOffset, Gradients grads) {
        readoutBackward(t, gy, gyOffset, grads);
        memoryBackward(t);
        for (int l = layers - 1; l >= 1; l--) {
            hiddenLayerBackward(l, t, grads);
        }
        firstLayerBackward(t, grads);
        double[] swap = gm;
        gm = gmPrev;
        gmPrev = swap;
    }

    /** Readout: dL/dy_t into its weight and bias gradients and into gm (dL/dm_t). */
    private void readoutBackward(int t, double[] gy, int gyOffset, Gradients grads) {
        double[] gm = this.gm;
        float[] wy = model.readoutWeight();
        int mt = t * dM;
        for (int o = 0; o < dO; o++) {
            double g = gy[gyOffset + t * dO + o];
            if (g == 0) {
                continue;
            }
            grads.readoutBias[o] += g;
            for (int q = 0; q < dM; q++) {
                grads.readoutWeight[o * dM + q] += g * memory[mt + q];
                gm[q] += g * wy[o * dM + q];
            }
        }
    }

    /**
     * Memory update m_t = kappa m_{t-1} + gain dm_t: the kappa_m and gain sums, gmPrev = the
     * direct part of dL/dm_{t-1}, and gz = the last layer's gradient through the scaled tanh.
     */
    private void memoryBackward(int t) {
        double[] gm = this.gm;
        double[] gmPrev = this.gmPrev;
        double[] gz = this.gz;
        int mt = t * dM;
        for (int q = 0; q < dM; q++) {
            double mPrev = memPrev[mt + q];
            dKappaM[q] += gm[q] * mPrev;
            dGain[q] += gm[q] * dmStore[mt + q];
            gmPrev[q] = gm[q] * kappaM[q];
            double th = tanhStore[mt + q];
            gz[q] = gm[q] * gain[q] * ScaledTanh.derivativeFromTanh(th);
        }
    }

    /** Layer l >= 1: its gradient gz into the bias gradient and the window, then gz = layer l-1's gradient. */
    private void hiddenLayerBackward(int l, int t, Gradients grads) {
        double[] gz = this.gz;
        double[] ga = this.ga;
        int nIn = in[l];
        int nOut = out[l];
        float[] aStore = act[l - 1];
        float[] pStore = pre[l - 1];
        double[] aRow = aWindow[l][window];
        for (int j = 0; j < nIn; j++) {
            aRow[j] = aStore[t * nIn + j];
        }
        System.arraycopy(gz, 0, gWindow[l][window], 0, nOut);
        // ga = sum over the units with a non-zero gradient (ascending) of g_i W[i].
        java.util.Arrays.fill(ga, 0, nIn, 0.0);
        int nz = selectNonZero(gz, nOut, grads.mlpBias[l], gNonZero, unitNonZero);
        Products.add1(ga, gNonZero, wRows[l], unitNonZero, nz, nIn);
        for (int j = 0; j < nIn; j++) {
            gz[j] = ga[j] * activationGrad(pStore[t * nIn + j]);
        }
    }

    /**
     * Layer 0, input [b_t, kappa_m m_{t-1}]: its gradient g_t (gz, as it stands) into the bias
     * gradient and the window (adding the window to the weight gradients when full), and the memory
     * input's gradient into gmPrev (dL/dm_{t-1}) and dKappaM.
     */
    private void firstLayerBackward(int t, Gradients grads) {
        double[] gz = this.gz;
        double[] gmPrev = this.gmPrev;
        int mt = t * dM;
        double[] kmPrevRow = kmWindow[window];
        float[] mPrevRow = this.mPrevRow;
        for (int q = 0; q < dM; q++) {
            float mPrev = memPrev[mt + q];
            mPrevRow[q] = mPrev;
            kmPrevRow[q] = kappaM[q] * mPrev;
        }
        int h = out[0];
        System.arraycopy(gz, 0, gWindow[0][window], 0, h);
        double[] gxSum = this.gxSum;
        java.util.Arrays.fill(gxSum, 0.0);
        int nz = selectNonZero(gz, h, grads.mlpBias[0], gNonZero, unitNonZero);
        Products.add1(gxSum, gNonZero, w0MemRows, unitNonZero, nz, dM);
        if (++window == WINDOW) {
            addWindowToWeightGradients(window);
            window = 0;
        }
        // gx_q = sum_i g_i W0[i][dB + q] feeds both m_{t-1} (through kappa) and kappa itself.
        for (int q = 0; q < dM; q++) {
            gmPrev[q] += gxSum[q] * kappaM[q];
            dKappaM[q] += gxSum[q] * mPrevRow[q];
        }
    }

    /** Starts a backward: the sequence's weight-gradient sums and the synapses' backward traces at +0. */
    void beginBackward() {
        for (double[][] rows : dwRows) {
            for (double[] r : rows) {
                java.util.Arrays.fill(r, 0.0);
            }
        }
        for (double[] r : dw0MemRows) {
            java.util.Arrays.fill(r, 0.0);
        }
        // From the spikes no backward trace is read (backwardTile returns before it).
        backTrace = firstLayerFromSpikes ? null : new double[branchBackward ? dB + 1 : dS]; // slot dB: 0, the padding's (routeBranch)
        if (firstLayerFromSpikes) {
            java.util.Arrays.fill(filteredG, 0.0);
            for (double[] col : dw0BranchCols) {
                java.util.Arrays.fill(col, 0.0);
            }
            for (int c = 0; c < dIn; c++) {
                if (channelHasGradient[c]) {
                    java.util.Arrays.fill(channelGradient[c], 0.0);
                    channelHasGradient[c] = false;
                }
            }
        }
    }

    /**
     * The tile of steps t0 .. tileEnd - 1 once its first-layer gradients g_t are in tileHidden:
     * dW0[:, branches] += g_t b_t^T and g_b,t = W0[:, branches]^T g_t as products, then the
     * synapses' backward traces and w_s gradients step by step (latest first).
     */
    void backwardTile(int t0, int tileEnd, Gradients grads) {
        int h = out[0];
        double[] branchG = backTrace;
        if (firstLayerFromSpikes) { // the lockstep's: its g_t come in tile columns
            for (int t = tileEnd - 1; t >= t0; t--) {
                for (int i = 0; i < h; i++) {
                    firstLayerG[i] = tileHidden[i][t - t0];
                }
                channelGradientsFromSpikes(t, firstLayerG);
            }
            return; // dW0[:, branches] and w_s's gradient follow at the end (gradientsFromChannels)
        }
        tiles.weightGradient(dwRows[0], tileHidden, h, branch, t0, tileEnd - t0, dB);
        if (oneSynapsePerBranch) {
            return; // w_s's gradient follows from dW0 (synapseGradientFromBranchWeights)
        }
        tiles.branchGradient(w0BranchCols, tileHidden, h, tileBranch, dB, tileEnd - t0);
        for (int t = tileEnd - 1; t >= t0; t--) {
            int tt = t - t0;
            // Synapses: backward trace, then w_s gradient where the input is non-zero.
            if (branchBackward) {
                for (int j = 0; j < dB; j++) {
                    branchG[j] = tileBranch[j][tt] + branchKappa[j] * branchG[j];
                }
            } else {
                for (int s = 0; s < dS; s++) {
                    branchG[s] = tileBranch[s / k][tt] + synKappa[s] * branchG[s];
                }
            }
            addSynapseGradients(t, branchG, grads.protoWs);
        }
    }

    /**
     * {@link #firstLayerFromSpikes}' backward of step t (steps latest first), from layer 0's
     * gradient g_t: G_t = g_t + kappa G_t+1, then A_c += u G_t for each of step t's inputs u to
     * channel c.
     */
    private void channelGradientsFromSpikes(int t, double[] gt) {
        int h = out[0];
        double[] g = filteredG;
        double kappa = sharedKappa;
        double[][] sums = channelGradient;
        boolean[] has = channelHasGradient;
        for (int i = 0; i < h; i++) {
            g[i] = gt[i] + kappa * g[i];
        }
        // Four inputs per pass (one load of G_t for four sums; each sum still gets its terms in turn).
        int e = nzStart[nzBase + t];
        int end = nzStart[nzBase + t + 1];
        for (; e + 3 < end; e += 4) {
            int c0 = nzChannel[e];
            int c1 = nzChannel[e + 1];
            int c2 = nzChannel[e + 2];
            int c3 = nzChannel[e + 3];
            axpyFour(sums[c0], nzValue[e], sums[c1], nzValue[e + 1], sums[c2], nzValue[e + 2], sums[c3], nzValue[e + 3], g, h);
            has[c0] = true;
            has[c1] = true;
            has[c2] = true;
            has[c3] = true;
        }
        for (; e < end; e++) {
            int c = nzChannel[e];
            Layers.axpy(sums[c], g, nzValue[e], h);
            has[c] = true;
        }
    }

    /** z0 += x0 col, .. z3 += x3 col over n values, one pass (per element in that order, so the z's may be one array). */
    private static void axpyFour(double[] z0, double x0, double[] z1, double x1, double[] z2, double x2, double[] z3, double x3,
                                 double[] col, int n) {
        for (int i = 0; i < n; i++) {
            double v = col[i];
            z0[i] += v * x0;
            z1[i] += v * x1;
            z2[i] += v * x2;
            z3[i] += v * x3;
        }
    }

    /**
     * {@link #firstLayerFromSpikes}' end of a backward: for each synapse s that channel c feeds, on
     * branch j, dW0[:, j] += w_s A_c and dL/dw_s += W0[:, j] . A_c, channels and their routes
     * ascending, four routes per pass where a channel has them (NeuronIO's padded 4: A_c loaded
     * once for four columns, four independent dot products; 2x the speed of route by route). A
     * padding route (branch slot dB, w_s 0, W0's zero column) adds +-0 to the scratch column and to
     * synapse 0's sum, which leaves it as it is.
     */
    private void gradientsFromChannels(Gradients grads) {
        int h = out[0];
        int[] routes = routeStart;
        int[] branchOf = routeBranch;
        int[] synapseOf = routeSynapse;
        float[] weight = routeWeight;
        double[][] dw = dw0BranchCols;
        double[][] w = w0BranchCols;
        double[] dWs = grads.protoWs;
        double[] sums = fourDots;
        for (int c = 0; c < dIn; c++) {
            if (!channelHasGradient[c]) {
                continue;
            }
            double[] a = channelGradient[c];
            int p = routes[c];
            int last = routes[c + 1];
            for (; p + 3 < last; p += 4) {
                int j0 = branchOf[p];
                int j1 = branchOf[p + 1];
                int j2 = branchOf[p + 2];
                int j3 = branchOf[p + 3];
                axpyFour(dw[j0], weight[p], dw[j1], weight[p + 1], dw[j2], weight[p + 2], dw[j3], weight[p + 3], a, h);
                dotFour(w[j0], w[j1], w[j2], w[j3], a, h, sums);
                dWs[synapseOf[p]] += sums[0];
                dWs[synapseOf[p + 1]] += sums[1];
                dWs[synapseOf[p + 2]] += sums[2];
                dWs[synapseOf[p + 3]] += sums[3];
            }
            for (; p < last; p++) {
                int j = branchOf[p];
                Layers.axpy(dw[j], a, weight[p], h);
                dWs[synapseOf[p]] += dot(w[j], a, h);
            }
        }
    }

    /** sums[r] = x_r . y over n values (r < 4), each sum in ascending order, the four in one pass. */
    private static void dotFour(double[] x0, double[] x1, double[] x2, double[] x3, double[] y, int n, double[] sums) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < n; i++) {
            double v = y[i];
            s0 += x0[i] * v;
            s1 += x1[i] * v;
            s2 += x2[i] * v;
            s3 += x3[i] * v;
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
    }

    /** x . y over n values in ascending order, as each of {@link #dotFour}'s (so padding a channel's routes changes no bit). */
    private static double dot(double[] x, double[] y, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    /**
     * Ends a backward once every step's weight-gradient terms are in dwRows and dw0MemRows: adds
     * them to {@code grads}, then the synapses' and the memory time constants' gradients from the
     * sequence's sums in dKappaM and dGain.
     */
    void finishBackward(Gradients grads) {
        if (firstLayerFromSpikes) {
            gradientsFromChannels(grads);
            double[][] rows = dwRows[0];
            for (int j = 0; j < dB; j++) {
                double[] col = dw0BranchCols[j];
                for (int i = 0; i < col.length; i++) {
                    rows[i][j] += col[i];
                }
            }
        }
        if (oneSynapsePerBranch && !firstLayerFromSpikes) {
            synapseGradientFromBranchWeights(grads);
        }
        for (int l = 0; l < layers; l++) {
            double[] dw = grads.mlpWeight[l];
            for (int i = 0; i < out[l]; i++) {
                double[] row = dwRows[l][i];
                int base = i * in[l];
                for (int j = 0; j < row.length; j++) {
                    dw[base + j] += row[j];
                }
                if (l == 0) {
                    for (int q = 0; q < dM; q++) {
                        dw[base + dB + q] += dw0MemRows[i][q];
                    }
                }
            }
        }
        finishSynapses(grads);
        if (grads.learnTau) {
            tauGradient(dKappaM, dGain, grads);
        }
    }

    /**
     * Lockstep ({@link LockstepBackward}): writes what step t of the last forward's sequence gives the
     * recurrent backward, and dL/dy_t from {@code gy} at {@code gyOffset}, into lane {@code lane} of
     * slot {@code slot} of {@code s}. The derivatives are this class's (tanh's from the stored tanh, the activation's from
     * the stored pre-activation), the memory input kappa_m m_{t-1} the forward's float32 product.
     */
    void gatherStep(int t, int slot, double[] gy, int gyOffset, LaneStates s, int lane) {
        int width = s.width;
        double[] laneGy = s.gyAt[slot];
        for (int o = 0; o < dO; o++) {
            laneGy[o * width + lane] = gy[gyOffset + t * dO + o];
        }
        int mt = t * dM;
        double[] laneMemory = s.memoryAt[slot];
        double[] laneMemPrev = s.memPrevAt[slot];
        double[] laneDm = s.dmAt[slot];
        double[] laneTanhDerivative = s.tanhDerivativeAt[slot];
        double[] laneKmPrev = s.kmPrevAt[slot];
        for (int q = 0; q < dM; q++) {
            int at = q * width + lane;
            float mPrev = memPrev[mt + q];
            laneMemory[at] = memory[mt + q];
            laneMemPrev[at] = mPrev;
            laneDm[at] = dmStore[mt + q];
            laneTanhDerivative[at] = ScaledTanh.derivativeFromTanh(tanhStore[mt + q]);
            laneKmPrev[at] = kappaM[q] * mPrev;
        }
        for (int l = 1; l < layers; l++) {
            int n = in[l];
            float[] aStore = act[l - 1];
            float[] pStore = pre[l - 1];
            double[] a = s.actAt[slot][l];
            double[] d = s.actDerivativeAt[slot][l];
            for (int j = 0, at = lane; j < n; j++, at += width) {
                a[at] = aStore[t * n + j];
                d[at] = activationGrad(pStore[t * n + j]);
            }
        }
    }

    /** Lockstep: layer 0's gradient g_t of lane {@code lane} after {@link LockstepKernel#step} into the tile, at step t0 + tt. */
    void takeFirstLayerGradient(int tt, LaneStates s, int lane) {
        int width = s.width;
        for (int i = 0, at = lane; i < out[0]; i++, at += width) {
            tileHidden[i][tt] = s.gz[at];
        }
    }

    /**
     * Lockstep: after the last step, the sequence's layer weight-gradient sums and kappa_m and gain
     * sums of lane {@code lane} into this instance, then {@link #finishBackward}.
     */
    void finishBackward(LaneStates s, int lane, Gradients grads) {
        int width = s.width;
        for (int l = 0; l < layers; l++) {
            double[][] rows = l == 0 ? dw0MemRows : dwRows[l];
            double[] sums = s.weightGradient[l];
            int at = lane;
            for (double[] row : rows) {
                for (int j = 0; j < row.length; j++, at += width) {
                    row[j] = sums[at];
                }
            }
        }
        for (int q = 0, at = lane; q < dM; q++, at += width) {
            dKappaM[q] = s.dKappa[at];
            dGain[q] = s.dGain[at];
        }
        finishBackward(grads);
    }

    /**
     * dL/dw_s += G_s * u for the synapses with input u at step t (G: the branch's backward trace
     * when the branch's synapses decay alike, else the synapse's own): a loop per case, with the
     * arrays in locals, so that the per-event loop carries no branch and no field loads.
     */
    private void addSynapseGradients(int t, double[] trace, double[] dWs) {
        int[] start = channelStart;
        int[] synapse = channelSynapse;
        int[] channels = nzChannel;
        float[] values = nzValue;
        int end = nzStart[nzBase + t + 1];
        if (branchBackward) {
            int[] routed = routeSynapse;
            int[] branchOf = routeBranch;
            int[] routes = routeStart;
            for (int e = nzStart[nzBase + t]; e < end; e++) {
                int c = channels[e];
                float u = values[e];
                for (int p = routes[c], last = routes[c + 1]; p < last; p++) {
                    dWs[routed[p]] += trace[branchOf[p]] * u;
                }
            }
        } else {
            for (int e = nzStart[nzBase + t]; e < end; e++) {
                int c = channels[e];
                float u = values[e];
                for (int p = start[c], last = start[c + 1]; p < last; p++) {
                    int s = synapse[p];
                    dWs[s] += trace[s] * u;
                }
            }
        }
    }

    /**
     * Adds g[i] to the bias gradient for i &lt; n and lists the units with g[i] != 0 (values in
     * {@code gNonZero}, indices in {@code units}, ascending); their count. Without a branch: ReLU
     * zeros come at random, and a mispredicted branch per unit cost more than the products they
     * skip. A zero g adds +-0 to a bias sum, which leaves it as it is (a sum that starts at +0 never
     * becomes -0).
     */
    private static int selectNonZero(double[] g, int n, double[] biasGradient, double[] gNonZero, int[] units) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = g[i];
            biasGradient[i] += v;
            gNonZero[count] = v;
            units[count] = i;
            count += v != 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * Adds the first {@code count} window entries to the weight gradients (oldest entry = latest
     * step first): dw[i][j] += g[w][i] * a[w][j] for w = 0, 1, .. count-1 in that order, for the
     * units i with a non-zero gradient in the window (the others would add only +-0 to a sum that
     * started at +0, leaving it as it is), {@link #WINDOW_UNITS} units per product.
     */
    private void addWindowToWeightGradients(int count) {
        for (int l = 0; l < layers; l++) {
            double[][] g = gWindow[l];
            double[][] dw = l == 0 ? dw0MemRows : dwRows[l];
            double[][] a = l == 0 ? kmWindow : aWindow[l];
            int n = l == 0 ? dM : in[l];
            int m = 0;
            for (int i = 0; i < out[l]; i++) {
                boolean any = false;
                double[] gi = windowCoef[m];
                for (int w = 0; w < count; w++) {
                    double v = g[w][i];
                    gi[w] = v;
                    any |= v != 0;
                }
                if (any) {
                    windowOut[m++] = dw[i];
                }
                if (m == WINDOW_UNITS || (i == out[l] - 1 && m > 0)) {
                    Products.add(windowOut, windowCoef, m, a, count, n);
                    m = 0;
                }
            }
        }
    }

    /**
     * dL/dw_s of a model with one synapse per branch, from the sequence's dW0[:, branches]: branch j's
     * activation is b_t,j = w_j S_t,j (S the trace of the synapse's input with unit weight), so
     * dL/dw_j = sum over t of g_b,t,j S_t,j = sum over t and i of W0[i][j] g_t,i b_t,j / w_j
     * = (sum over i, ascending, of W0[i][j] dW0[i][j]) / w_j. The same gradient as the backward
     * trace of g_b (other rounding: the sums are grouped differently), without the product
     * g_b,t = W0[:, branches]^T g_t of every step, which cost as much as the forward's branch part.
     * Synapses with w_j = 0 (proto w_j &lt;= 0) get 0 from {@link #finishSynapses}.
     */
    private void synapseGradientFromBranchWeights(Gradients grads) {
        double[] sum = gradientScratch;
        java.util.Arrays.fill(sum, 0.0);
        for (int i = 0; i < out[0]; i++) {
            double[] w = w0BranchRows[i];
            double[] dw = dwRows[0][i];
            for (int j = 0; j < dB; j++) {
                sum[j] += w[j] * dw[j];
            }
        }
        for (int j = 0; j < dB; j++) {
            if (ws[j] != 0f) {
                grads.protoWs[j] += sum[j] / ws[j];
            }
        }
    }

    /** Accumulated dL/dw_s -> dL/d_proto_w_s through the ReLU (0 where proto <= 0, as PyTorch). */
    private void finishSynapses(Gradients grads) {
        float[] proto = model.protoSynapseWeight();
        for (int s = 0; s < dS; s++) {
            if (!(proto[s] > 0f)) {
                grads.protoWs[s] = 0.0;
            }
        }
    }

    private void tauGradient(double[] dKappa, double[] dGain, Gradients grads) {
        float[] proto = model.protoTauM();
        float[] tau = model.tauMMs();
        double dt = model.config().deltaTMs();
        double lambda = model.config().lambdaValue();
        double range = model.tauMaxMs() - model.config().memoryTauMinMs();
        for (int q = 0; q < dM; q++) {
            double tq = tau[q];
            if (tq < 1e-6) {
                continue; // clamped: no gradient, as PyTorch's clamp
            }
            double kappa = kappaM[q];
            double dKappaDTau = kappa * dt / (tq * tq);
            double dGainDTau;
            if (v2) {
                double kl = ExactExp.exp(-dt * lambda / tq);
                dGainDTau = -kl * dt * lambda / (tq * tq);
            } else {
                dGainDTau = -lambda * dKappaDTau;
            }
            double dTau = dKappa[q] * dKappaDTau + dGain[q] * dGainDTau;
            double sig = ExactExp.sigmoid(proto[q]);
            grads.protoTauM[q] += dTau * range * sig * (1.0 - sig);
        }
    }

    /** Whether every channel's synapses were padded to the same count. */
    boolean routesPadded() {
        return routeStart[routeStart.length - 1] != channelSynapse.length;
    }

    /** The model whose gradients this computes. */
    public ElmModel model() {
        return model;
    }
}
