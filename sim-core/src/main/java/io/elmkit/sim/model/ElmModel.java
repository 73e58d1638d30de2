package io.elmkit.sim.model;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

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

    private final ElmConfig config;
    private final String source;
    private final float[] protoWs;
    private final float[] traceTauMs;
    private final float[] protoTauM;
    private final int[] routeIndex;
    private final boolean[] routeValid;
    private final DType routeMaskDType;
    private final float[][] mlpWeight;
    private final float[][] mlpBias;
    private final float[] readoutWeight;
    private final float[] readoutBias;

    // Derived.
    private final float[] synapseWeight;
    private final float[] traceKappa;
    private final float[] tauM;
    private final float[] kappaM;
    private final float[] memoryGain;
    private final float tauMaxMs;

    private ElmModel(ElmConfig config, String source, float[] protoWs, float[] traceTauMs, float[] protoTauM,
                     int[] routeIndex, boolean[] routeValid, DType routeMaskDType,
                     float[][] mlpWeight, float[][] mlpBias, float[] readoutWeight, float[] readoutBias) {
        this.config = config;
        this.source = source;
        this.protoWs = protoWs;
        this.traceTauMs = traceTauMs;
        this.protoTauM = protoTauM;
        this.routeIndex = routeIndex;
        this.routeValid = routeValid;
        this.routeMaskDType = routeMaskDType;
        this.mlpWeight = mlpWeight;
        this.mlpBias = mlpBias;
        this.readoutWeight = readoutWeight;
        this.readoutBias = readoutBias;

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
        Set<String> expected = new LinkedHashSet<>(s.expectedKeys());
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
        float[] protoWs = floats(state, source, "_proto_w_s", s.shapeOf("_proto_w_s"), false);
        String traceKey = config.variant() == Variant.V2 ? "tau_b" : "tau_s";
        float[] traceTau = floats(state, source, traceKey, s.shapeOf(traceKey), false);
        float[] protoTauM = floats(state, source, "_proto_tau_m", s.shapeOf("_proto_tau_m"), true);

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
        int layers = config.mlpNumLayers() + 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            String prefix = "mlp.network." + (2 * l);
            w[l] = floats(state, source, prefix + ".weight", s.shapeOf(prefix + ".weight"), false);
            b[l] = floats(state, source, prefix + ".bias", s.shapeOf(prefix + ".bias"), false);
        }
        float[] wy = floats(state, source, "w_y.weight", s.shapeOf("w_y.weight"), false);
        float[] by = floats(state, source, "w_y.bias", s.shapeOf("w_y.bias"), false);
        return new ElmModel(config, source, protoWs, traceTau, protoTauM, routeIndex, routeValid, maskType, w, b, wy, by);
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
        int dS = config.numSynapses();
        float[] protoWs = new float[dS];
        Arrays.fill(protoWs, (float) config.wSValue());
        float[] traceTau = new float[config.variant() == Variant.V2 ? config.numBranch() : dS];
        Arrays.fill(traceTau, (float) config.synapseTauMs());
        float[] protoTauM = initialProtoTauM(config);

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
        int layers = config.mlpNumLayers() + 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int[] shape = s.shapeOf("mlp.network." + (2 * l) + ".weight");
            w[l] = uniform(rng, shape[0] * shape[1], 1.0 / Math.sqrt(shape[1]));
            b[l] = uniform(rng, shape[0], 1.0 / Math.sqrt(shape[1]));
        }
        float[] wy = uniform(rng, config.numOutput() * config.numMemory(), 1.0 / Math.sqrt(config.numMemory()));
        float[] by = uniform(rng, config.numOutput(), 1.0 / Math.sqrt(config.numMemory()));
        return new ElmModel(config, "(initialised, seed " + seed + ")", protoWs, traceTau, protoTauM,
            routeIndex, routeValid, DType.BOOL, w, b, wy, by);
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
     * training step. Arrays are copied.
     */
    public ElmModel withParameters(float[] protoWs, float[] protoTauM, float[][] mlpWeight, float[][] mlpBias,
                                   float[] readoutWeight, float[] readoutBias) {
        float[][] w = new float[mlpWeight.length][];
        float[][] b = new float[mlpBias.length][];
        for (int l = 0; l < w.length; l++) {
            w[l] = mlpWeight[l].clone();
            b[l] = mlpBias[l].clone();
        }
        return new ElmModel(config, source, protoWs.clone(), traceTauMs, protoTauM.clone(), routeIndex, routeValid,
            routeMaskDType, w, b, readoutWeight.clone(), readoutBias.clone());
    }

    // ------------------------------------------------------------------ export

    /** The reference state dict: its key order and dtypes (empty float32 routing tensors when none). */
    public LinkedHashMap<String, NdArray> toStateDict() {
        LinkedHashMap<String, NdArray> sd = new LinkedHashMap<>();
        Shapes s = new Shapes(config);
        sd.put("_proto_w_s", NdArray.ofFloats(protoWs.clone(), s.shapeOf("_proto_w_s")));
        String traceKey = config.variant() == Variant.V2 ? "tau_b" : "tau_s";
        sd.put(traceKey, NdArray.ofFloats(traceTauMs.clone(), s.shapeOf(traceKey)));
        sd.put("_proto_tau_m", NdArray.ofFloats(protoTauM.clone(), s.shapeOf("_proto_tau_m")));
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
        for (int l = 0; l < mlpWeight.length; l++) {
            String prefix = "mlp.network." + (2 * l);
            sd.put(prefix + ".weight", NdArray.ofFloats(mlpWeight[l].clone(), s.shapeOf(prefix + ".weight")));
            sd.put(prefix + ".bias", NdArray.ofFloats(mlpBias[l].clone(), s.shapeOf(prefix + ".bias")));
        }
        sd.put("w_y.weight", NdArray.ofFloats(readoutWeight.clone(), s.shapeOf("w_y.weight")));
        sd.put("w_y.bias", NdArray.ofFloats(readoutBias.clone(), s.shapeOf("w_y.bias")));
        return sd;
    }

    /** Names of the parameters the reference trains, in state-dict order. */
    public String[] trainableParameterNames() {
        int layers = mlpWeight.length;
        String[] names = new String[2 * layers + 3 + (config.learnMemoryTau() ? 1 : 0)];
        int n = 0;
        names[n++] = "_proto_w_s";
        if (config.learnMemoryTau()) {
            names[n++] = "_proto_tau_m";
        }
        for (int l = 0; l < layers; l++) {
            names[n++] = "mlp.network." + (2 * l) + ".weight";
            names[n++] = "mlp.network." + (2 * l) + ".bias";
        }
        names[n++] = "w_y.weight";
        names[n] = "w_y.bias";
        return names;
    }

    /** Trainable parameter count exactly as the reference counts it (requires_grad parameters). */
    public long trainableParameterCount() {
        long n = protoWs.length + readoutWeight.length + readoutBias.length;
        if (config.learnMemoryTau()) {
            n += protoTauM.length;
        }
        for (int l = 0; l < mlpWeight.length; l++) {
            n += mlpWeight[l].length + mlpBias[l].length;
        }
        return n;
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
        return protoWs.length;
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
        return mlpWeight.length;
    }

    /** Output width of MLP layer l. */
    public int mlpOut(int l) {
        return mlpBias[l].length;
    }

    /** Input width of MLP layer l. */
    public int mlpIn(int l) {
        return mlpWeight[l].length / mlpBias[l].length;
    }

    /** _proto_w_s (d_s); the effective weight is relu of it. Shared array: do not modify. */
    public float[] protoSynapseWeight() {
        return protoWs;
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
        return protoTauM;
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
        return mlpWeight[l];
    }

    /** Bias of MLP layer l. Shared array: do not modify. */
    public float[] mlpBias(int l) {
        return mlpBias[l];
    }

    /** w_y.weight (d_o, d_m). Shared array: do not modify. */
    public float[] readoutWeight() {
        return readoutWeight;
    }

    /** w_y.bias (d_o). Shared array: do not modify. */
    public float[] readoutBias() {
        return readoutBias;
    }

    /** Tensor shapes a config implies, by state-dict key. */
    static final class Shapes {
        private final ElmConfig c;

        Shapes(ElmConfig c) {
            this.c = c;
        }

        Set<String> expectedKeys() {
            Set<String> keys = new LinkedHashSet<>();
            keys.add("_proto_w_s");
            keys.add(c.variant() == Variant.V2 ? "tau_b" : "tau_s");
            keys.add("_proto_tau_m");
            keys.add("input_to_synapse_indices");
            keys.add("valid_indices_mask");
            for (int l = 0; l <= c.mlpNumLayers(); l++) {
                keys.add("mlp.network." + (2 * l) + ".weight");
                keys.add("mlp.network." + (2 * l) + ".bias");
            }
            keys.add("w_y.weight");
            keys.add("w_y.bias");
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
