package io.elmkit.sim.model;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An ELM's weights and the constants derived from them, immutable. Weight layouts (all float32 like
 * the reference): {@code mlpWeight(l)} is row-major (out, in) as in PyTorch's Linear; the MLP input
 * is [branch activations (d_b), kappa_m * memory (d_m)]; {@code readoutWeight()} is (d_o, d_m).
 * Synapse i belongs to branch i / k.
 */
public final class ElmModel {
    /** 1.7159 * tanh(2/3 * x): LeCun's scaled tanh of the memory input. */
    public static final float TANH_SCALE = 1.7159f;
    /** The slope 2/3 inside the scaled tanh. */
    public static final float TANH_SLOPE = 2.0f / 3.0f;
    private static final float TAU_FLOOR_MS = 1e-6f;

    /** Index of _proto_w_s in {@link #parameter(int)}. */
    public static final int PROTO_W_S = 0;
    /** Index of _proto_tau_m in {@link #parameter(int)}; the MLP's layers follow, then the readout. */
    public static final int PROTO_TAU_M = 1;

    private final ElmConfig config;
    private final String source;
    /** The parameters in state-dict order ({@link #parameter(int)}). */
    private final float[][] params;
    private final List<String> paramNames;
    private final float[] traceTauMs;
    private final int[] routeIndex;
    private final boolean[] routeValid;
    private final DType routeMaskDType;

    // Derived.
    private final float[] synapseWeight;
    private final float[] traceKappa;
    private final float[] tauM;
    private final float[] kappaM;
    private final float[] memoryGain;
    private final float tauMaxMs;

    private ElmModel(ElmConfig config, String source, float[][] params, float[] traceTauMs,
                     int[] routeIndex, boolean[] routeValid, DType routeMaskDType) {
        this.config = config;
        this.source = source;
        this.params = params;
        this.paramNames = new Shapes(config).parameterNames();
        this.traceTauMs = traceTauMs;
        this.routeIndex = routeIndex;
        this.routeValid = routeValid;
        this.routeMaskDType = routeMaskDType;

        float[] protoWs = params[PROTO_W_S];
        float[] protoTauM = params[PROTO_TAU_M];
        float dt = (float) config.deltaTMs();
        synapseWeight = new float[protoWs.length];
        for (int i = 0; i < protoWs.length; i++) {
            synapseWeight[i] = Math.max(protoWs[i], 0f);
        }
        traceKappa = new float[traceTauMs.length];
        for (int i = 0; i < traceTauMs.length; i++) {
            traceKappa[i] = (float) Math.exp(-dt / Math.max(traceTauMs[i], TAU_FLOOR_MS));
        }
        double tauMin = config.memoryTauMinMs();
        double tauMax = config.variant() == Variant.V2
            ? Math.max(tauMin + 3e-6, config.memoryTauMaxMs()) : config.memoryTauMaxMs();
        tauMaxMs = (float) tauMax;
        float range = (float) (tauMax - tauMin);
        int dM = config.numMemory();
        tauM = new float[dM];
        kappaM = new float[dM];
        memoryGain = new float[dM];
        float lambda = (float) config.lambdaValue();
        float negDtLambda = (float) (-config.deltaTMs() * config.lambdaValue());
        for (int i = 0; i < dM; i++) {
            // sigmoid(+-inf) saturates to 1 or 0, so +-inf in _proto_tau_m stays finite here.
            float sigmoid = (float) (1.0 / (1.0 + Math.exp(-(double) protoTauM[i])));
            tauM[i] = range * sigmoid + (float) tauMin;
            float clamped = Math.max(tauM[i], TAU_FLOOR_MS);
            kappaM[i] = (float) Math.exp(-dt / clamped);
            if (config.variant() == Variant.V2) {
                memoryGain[i] = 1f - (float) Math.exp(negDtLambda / clamped);
            } else {
                memoryGain[i] = lambda * (1f - kappaM[i]);
            }
        }
    }

    // ------------------------------------------------------------------ construction

    /**
     * A model from a reference state dict (tensor names of docs/model.md), checked against the config:
     * every key present and no other, shapes as the config implies, no NaN, routing indices in range.
     * {@code source} names the state-dict file in errors.
     */
    public static ElmModel fromStateDict(ElmConfig config, Map<String, NdArray> state, String source) {
        Shapes s = new Shapes(config);
        List<String> expected = s.expectedKeys();
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                String hint = key.equals("tau_b") || key.equals("tau_s")
                    ? " (a state dict with tau_b is variant v2, with tau_s v1: the config's tau_b_value/tau_s_value must match)"
                    : "";
                throw new ModelFormatException(source, key,
                    "unexpected tensor for this config; expected exactly " + expected + hint);
            }
        }
        for (String key : expected) {
            if (!state.containsKey(key)) {
                throw new ModelFormatException(source, key, "missing tensor; the config implies shape "
                    + Arrays.toString(s.shapeOf(key)));
            }
        }
        List<String> names = s.parameterNames();
        float[][] params = new float[names.size()][];
        params[PROTO_W_S] = floats(state, source, names.get(PROTO_W_S), s.shapeOf(names.get(PROTO_W_S)), false);
        String traceKey = s.traceKey();
        float[] traceTau = floats(state, source, traceKey, s.shapeOf(traceKey), false);
        // +-inf in _proto_tau_m is a saturated sigmoid, not an error (see the constructor).
        params[PROTO_TAU_M] = floats(state, source, names.get(PROTO_TAU_M), s.shapeOf(names.get(PROTO_TAU_M)), true);

        int[] routeIndex = null;
        boolean[] routeValid = null;
        DType maskType = DType.BOOL;
        NdArray idx = state.get("input_to_synapse_indices");
        NdArray mask = state.get("valid_indices_mask");
        if (config.routing() == Routing.NONE) {
            requireShape(source, "input_to_synapse_indices", idx, new int[] {0});
            requireShape(source, "valid_indices_mask", mask, new int[] {0});
        } else {
            requireShape(source, "input_to_synapse_indices", idx, s.shapeOf("input_to_synapse_indices"));
            requireShape(source, "valid_indices_mask", mask, s.shapeOf("valid_indices_mask"));
            routeIndex = new int[idx.size()];
            for (int i = 0; i < routeIndex.length; i++) {
                double v = idx.getDouble(i);
                if (!(v >= 0 && v < config.numInput()) || v != Math.rint(v)) {
                    throw new ModelFormatException(source, "input_to_synapse_indices",
                        "element " + i + " = " + v + " is not an input index in [0, " + config.numInput() + ")");
                }
                routeIndex[i] = (int) v;
            }
            maskType = mask.dtype();
            routeValid = new boolean[mask.size()];
            for (int i = 0; i < routeValid.length; i++) {
                double v = mask.getDouble(i);
                if (v != 0 && v != 1) {
                    throw new ModelFormatException(source, "valid_indices_mask",
                        "element " + i + " = " + v + " is not 0/1 or a bool");
                }
                routeValid[i] = v != 0;
            }
        }
        for (int i = PROTO_TAU_M + 1; i < params.length; i++) {
            params[i] = floats(state, source, names.get(i), s.shapeOf(names.get(i)), false);
        }
        return new ElmModel(config, source, params, traceTau, routeIndex, routeValid, maskType);
    }

    private static void requireShape(String source, String key, NdArray a, int[] shape) {
        if (!Arrays.equals(a.shape(), shape)) {
            throw new ModelFormatException(source, key,
                "expected shape " + Arrays.toString(shape) + " for this config, found " + Arrays.toString(a.shape()));
        }
    }

    private static float[] floats(Map<String, NdArray> state, String source, String key, int[] shape, boolean infAllowed) {
        NdArray a = state.get(key);
        requireShape(source, key, a, shape);
        if (!a.dtype().isFloatingPoint()) {
            throw new ModelFormatException(source, key, "expected a floating-point tensor, found " + a.dtype());
        }
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new ModelFormatException(source, key, "element " + i + " is NaN");
            }
            if (!infAllowed && Float.isInfinite(v[i])) {
                throw new ModelFormatException(source, key, "element " + i + " is " + v[i]);
            }
        }
        return v;
    }

    /**
     * A freshly initialised model as the reference constructs it: w_s and tau constants, tau_m
     * log-spaced (computed in float32, so the largest may map to +inf), PyTorch's default Linear init
     * (uniform in +-1/sqrt(fan_in) for weights and biases), random routing drawn uniformly.
     * Random draws come from {@code seed}; they do not reproduce PyTorch's generator.
     */
    public static ElmModel initialise(ElmConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shapes s = new Shapes(config);
        List<String> names = s.parameterNames();
        int dS = config.numSynapses();
        float[][] params = new float[names.size()][];
        params[PROTO_W_S] = new float[dS];
        Arrays.fill(params[PROTO_W_S], (float) config.wSValue());
        float[] traceTau = new float[config.variant() == Variant.V2 ? config.numBranch() : dS];
        Arrays.fill(traceTau, (float) config.synapseTauMs());
        params[PROTO_TAU_M] = initialProtoTauM(config);

        int[] routeIndex = null;
        boolean[] routeValid = null;
        if (config.routing() == Routing.NEURONIO) {
            NeuronioRouting r = NeuronioRouting.of(config.numInput(), config.numBranch(), config.synapsesPerBranch());
            routeIndex = r.synapseInput();
            routeValid = r.synapseValid();
        } else if (config.routing() == Routing.RANDOM) {
            routeIndex = new int[dS];
            routeValid = new boolean[dS];
            for (int i = 0; i < dS; i++) {
                routeIndex[i] = rng.nextInt(config.numInput());
                routeValid[i] = true;
            }
        }
        // The Linear layers (the MLP's, then the readout w_y), each weight (out, in) then its bias.
        for (int i = PROTO_TAU_M + 1; i < params.length; i += 2) {
            int[] shape = s.shapeOf(names.get(i));
            params[i] = uniform(rng, shape[0] * shape[1], 1.0 / Math.sqrt(shape[1]));
            params[i + 1] = uniform(rng, shape[0], 1.0 / Math.sqrt(shape[1]));
        }
        return new ElmModel(config, "(initialised, seed " + seed + ")", params, traceTau, routeIndex, routeValid,
            DType.BOOL);
    }

    /** The reference's initial _proto_tau_m, in float32 as the reference computes it. */
    static float[] initialProtoTauM(ElmConfig config) {
        int dM = config.numMemory();
        double tauMin = config.memoryTauMinMs();
        double tauMax = config.variant() == Variant.V2
            ? Math.max(tauMin + 3e-6, config.memoryTauMaxMs()) : config.memoryTauMaxMs();
        double lo = Math.log10(tauMin + 1e-6);
        double hi = Math.log10(tauMax - 1e-6);
        float min = (float) tauMin;
        float max = (float) tauMax;
        float[] proto = new float[dM];
        for (int i = 0; i < dM; i++) {
            double exponent = dM == 1 ? lo : lo + (hi - lo) * i / (dM - 1);
            float tau = (float) Math.pow(10.0, exponent);
            proto[i] = (float) Math.log((tau - min) / (max - tau));
        }
        return proto;
    }

    private static float[] uniform(SplittableRandom rng, int n, double bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    /**
     * A copy of this model with other parameter values (same config and routing), e.g. after a
     * training step: {@code params} in {@link #parameter(int)}'s order, of the same sizes. Arrays are copied.
     */
    public ElmModel withParameters(float[][] params) {
        if (params.length != this.params.length) {
            throw new IllegalArgumentException("expected " + this.params.length + " parameters, found " + params.length);
        }
        float[][] copy = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            if (params[i].length != this.params[i].length) {
                throw new IllegalArgumentException(paramNames.get(i) + ": expected " + this.params[i].length
                    + " values, found " + params[i].length);
            }
            copy[i] = params[i].clone();
        }
        return new ElmModel(config, source, copy, traceTauMs, routeIndex, routeValid, routeMaskDType);
    }

    // ------------------------------------------------------------------ export

    /** The reference state dict: its key order and dtypes (empty float32 routing tensors when none). */
    public LinkedHashMap<String, NdArray> toStateDict() {
        LinkedHashMap<String, NdArray> sd = new LinkedHashMap<>();
        Shapes s = new Shapes(config);
        putParameter(sd, s, PROTO_W_S);
        sd.put(s.traceKey(), NdArray.ofFloats(traceTauMs.clone(), s.shapeOf(s.traceKey())));
        putParameter(sd, s, PROTO_TAU_M);
        if (routeIndex == null) {
            sd.put("input_to_synapse_indices", NdArray.ofFloats(new float[0], 0));
            sd.put("valid_indices_mask", NdArray.ofFloats(new float[0], 0));
        } else {
            long[] idx = new long[routeIndex.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = routeIndex[i];
            }
            sd.put("input_to_synapse_indices", NdArray.ofLongs(idx, idx.length));
            if (routeMaskDType == DType.INT64) {
                long[] m = new long[routeValid.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = routeValid[i] ? 1 : 0;
                }
                sd.put("valid_indices_mask", NdArray.ofLongs(m, m.length));
            } else {
                sd.put("valid_indices_mask", NdArray.ofBooleans(routeValid.clone(), routeValid.length));
            }
        }
        for (int i = PROTO_TAU_M + 1; i < params.length; i++) {
            putParameter(sd, s, i);
        }
        return sd;
    }

    private void putParameter(Map<String, NdArray> sd, Shapes s, int i) {
        sd.put(paramNames.get(i), NdArray.ofFloats(params[i].clone(), s.shapeOf(paramNames.get(i))));
    }

    // ------------------------------------------------------------------ the parameter table

    /**
     * Number of parameters: _proto_w_s, _proto_tau_m, the MLP's weight and bias per layer
     * (mlp.network.0, .2, ...), w_y.weight, w_y.bias, in this (state-dict) order.
     */
    public int parameterCount() {
        return params.length;
    }

    /** Parameter i, flat (row-major for weights). Shared array: do not modify. */
    public float[] parameter(int i) {
        return params[i];
    }

    /** State-dict name of parameter i. */
    public String parameterName(int i) {
        return paramNames.get(i);
    }

    /** Shape of parameter i (weights (out, in) as in PyTorch's Linear). */
    public int[] parameterShape(int i) {
        return new Shapes(config).shapeOf(paramNames.get(i));
    }

    /** Whether the reference trains parameter i (requires_grad): all but _proto_tau_m without learn_memory_tau. */
    public boolean trains(int i) {
        return i != PROTO_TAU_M || config.learnMemoryTau();
    }

    /** Index of MLP layer l's weight in {@link #parameter(int)}; its bias follows. */
    public static int mlpWeightIndex(int l) {
        return PROTO_TAU_M + 1 + 2 * l;
    }

    /** Names of the parameters the reference trains, in state-dict order. */
    public String[] trainableParameterNames() {
        return IntStream.range(0, params.length).filter(this::trains).mapToObj(paramNames::get).toArray(String[]::new);
    }

    /** Trainable parameter count exactly as the reference counts it (requires_grad parameters). */
    public long trainableParameterCount() {
        return IntStream.range(0, params.length).filter(this::trains).mapToLong(i -> params[i].length).sum();
    }

    // ------------------------------------------------------------------ accessors (copies are not made: do not modify)

    /** The configuration the model was built from. */
    public ElmConfig config() {
        return config;
    }

    /** Where the weights came from (file path or description). */
    public String source() {
        return source;
    }

    /** d_in, input channels. */
    public int numInput() {
        return config.numInput();
    }

    /** d_b, branches. */
    public int numBranch() {
        return config.numBranch();
    }

    /** k, synapses per branch. */
    public int synapsesPerBranch() {
        return config.synapsesPerBranch();
    }

    /** d_s = d_b * k, synapses. */
    public int numSynapses() {
        return params[PROTO_W_S].length;
    }

    /** d_m, memory units. */
    public int numMemory() {
        return config.numMemory();
    }

    /** d_o, outputs. */
    public int numOutput() {
        return config.numOutput();
    }

    /** h, the MLP's hidden width. */
    public int hiddenSize() {
        return config.hiddenSize();
    }

    /** Number of Linear layers of the MLP (mlp_num_layers + 1). */
    public int mlpLayerCount() {
        return (params.length - 4) / 2;
    }

    /** Output width of MLP layer l. */
    public int mlpOut(int l) {
        return mlpBias(l).length;
    }

    /** Input width of MLP layer l. */
    public int mlpIn(int l) {
        return mlpWeight(l).length / mlpBias(l).length;
    }

    /** _proto_w_s (d_s); the effective weight is relu of it. Shared array: do not modify. */
    public float[] protoSynapseWeight() {
        return params[PROTO_W_S];
    }

    /** w_s = relu(_proto_w_s) (d_s). Shared array: do not modify. */
    public float[] synapseWeight() {
        return synapseWeight;
    }

    /** tau_s (v1, d_s) or tau_b (v2, d_b) in ms. Shared array: do not modify. */
    public float[] traceTauMs() {
        return traceTauMs;
    }

    /** exp(-dt / tau) per synapse (v1) or per branch (v2). Shared array: do not modify. */
    public float[] traceKappa() {
        return traceKappa;
    }

    /** True when the trace is per branch: v2 always, v1 when all tau_s are equal. */
    public boolean branchTracesSuffice() {
        if (config.variant() == Variant.V2) {
            return true;
        }
        for (float kappa : traceKappa) {
            if (kappa != traceKappa[0]) {
                return false;
            }
        }
        return true;
    }

    /** _proto_tau_m (d_m). Shared array: do not modify. */
    public float[] protoTauM() {
        return params[PROTO_TAU_M];
    }

    /** tau_m in ms (d_m), from {@code _proto_tau_m}. Shared array: do not modify. */
    public float[] tauMMs() {
        return tauM;
    }

    /** exp(-dt / tau_m) (d_m). Shared array: do not modify. */
    public float[] kappaM() {
        return kappaM;
    }

    /** Factor of dm in the memory update: lambda (1 - kappa_m) (v1) or 1 - kappa_lambda (v2). */
    public float[] memoryGain() {
        return memoryGain;
    }

    /** The effective tau_max (v2 raises it to at least tau_min + 3e-6). */
    public float tauMaxMs() {
        return tauMaxMs;
    }

    /** Input channel of each synapse, or null without routing (synapse i reads input i). */
    public int[] routeIndex() {
        return routeIndex;
    }

    /** Whether each synapse's routed input counts, or null without routing. */
    public boolean[] routeValid() {
        return routeValid;
    }

    /** Weight (out, in) of MLP layer l. Shared array: do not modify. */
    public float[] mlpWeight(int l) {
        return params[mlpWeightIndex(l)];
    }

    /** Bias of MLP layer l. Shared array: do not modify. */
    public float[] mlpBias(int l) {
        return params[mlpWeightIndex(l) + 1];
    }

    /** w_y.weight (d_o, d_m). Shared array: do not modify. */
    public float[] readoutWeight() {
        return params[params.length - 2];
    }

    /** w_y.bias (d_o). Shared array: do not modify. */
    public float[] readoutBias() {
        return params[params.length - 1];
    }

    /** Tensor shapes a config implies, by state-dict key. */
    static final class Shapes {
        private final ElmConfig c;

        Shapes(ElmConfig c) {
            this.c = c;
        }

        /** The parameters, in state-dict order (the table of {@link ElmModel#parameter(int)}). */
        List<String> parameterNames() {
            List<String> names = new ArrayList<>(List.of("_proto_w_s", "_proto_tau_m"));
            for (int l = 0; l <= c.mlpNumLayers(); l++) {
                names.add("mlp.network." + (2 * l) + ".weight");
                names.add("mlp.network." + (2 * l) + ".bias");
            }
            names.add("w_y.weight");
            names.add("w_y.bias");
            return List.copyOf(names);
        }

        /** The synapse (v1) or branch (v2) trace time constants' buffer. */
        String traceKey() {
            return c.variant() == Variant.V2 ? "tau_b" : "tau_s";
        }

        /** Every tensor of the state dict in its order: the parameters with the buffers among them. */
        List<String> expectedKeys() {
            List<String> keys = new ArrayList<>(parameterNames());
            keys.add(keys.indexOf("_proto_w_s") + 1, traceKey());
            keys.addAll(keys.indexOf("_proto_tau_m") + 1, List.of("input_to_synapse_indices", "valid_indices_mask"));
            return keys;
        }

        int[] shapeOf(String key) {
            int dS = c.numSynapses();
            int h = c.hiddenSize();
            int layers = c.mlpNumLayers();
            switch (key) {
                case "_proto_w_s":
                case "tau_s":
                case "input_to_synapse_indices":
                case "valid_indices_mask":
                    return new int[] {dS};
                case "tau_b":
                    return new int[] {c.numBranch()};
                case "_proto_tau_m":
                    return new int[] {c.numMemory()};
                case "w_y.weight":
                    return new int[] {c.numOutput(), c.numMemory()};
                case "w_y.bias":
                    return new int[] {c.numOutput()};
                default:
                    int l = Integer.parseInt(key.split("\\.")[2]) / 2;
                    int in = l == 0 ? c.numBranch() + c.numMemory() : h;
                    int out = l == layers ? c.numMemory() : h;
                    return key.endsWith(".weight") ? new int[] {out, in} : new int[] {out};
            }
        }
    }
}
