package io.elmkit.sim.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.elmkit.io.check.InputLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The ELM's constructor arguments, as the reference's {@code model_config.json} holds them, with
 * the reference default for every absent key (docs/formats.md, model_config.json). Immutable; build programmatically
 * with {@link #builder(int, int)}.
 */
public final class ElmConfig {
    /** Keys the reference constructor accepts; any other key is an error. */
    public static final List<String> KEYS = List.of(
        "num_input", "num_output", "num_memory", "lambda_value", "mlp_num_layers", "mlp_hidden_size",
        "mlp_activation", "tau_s_value", "tau_b_value", "memory_tau_min", "memory_tau_max",
        "learn_memory_tau", "w_s_value", "num_branch", "num_synapse_per_branch",
        "input_to_synapse_routing", "delta_t");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The parser for config files: nesting bounded by {@link InputLimits#MAX_DEPTH}, numbers by 100
     * digits, duplicate keys refused (JSON would silently keep the last).
     */
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(InputLimits.MAX_DEPTH)
            .maxNumberLength(100).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    /** A model_config.json is a few hundred bytes; anything past 1 MiB is not one. */
    static final long MAX_FILE_BYTES = 1 << 20;

    /** Upper bound of each size key (num_input, num_memory, mlp_hidden_size, ...): {@link InputLimits#MAX_CHANNELS}. */
    public static final long MAX_SIZE = InputLimits.MAX_CHANNELS;

    /** Upper bound of mlp_num_layers. */
    public static final int MAX_LAYERS = 1000;

    /**
     * Trainable and buffer parameters a config may imply ({@code elmkit.limit.parameters}, default
     * 2^28 = 268,435,456 floats, 1 GiB): a config is refused before any tensor of that size is made.
     * The published models have about 10^5.
     */
    public static final long MAX_PARAMETERS = Long.getLong("elmkit.limit.parameters", 1L << 28);

    private final int numInput;
    private final int numOutput;
    private final int numMemory;
    private final double lambdaValue;
    private final int mlpNumLayers;
    private final Integer mlpHiddenSize;
    private final Activation mlpActivation;
    private final Variant variant;
    private final double tauValueMs;
    private final double memoryTauMinMs;
    private final double memoryTauMaxMs;
    private final boolean learnMemoryTau;
    private final double wSValue;
    private final Integer numBranch;
    private final int numSynapsePerBranch;
    private final Routing routing;
    private final double deltaTMs;

    private ElmConfig(Builder b) {
        this.numInput = b.numInput;
        this.numOutput = b.numOutput;
        this.numMemory = b.numMemory;
        this.lambdaValue = b.lambdaValue;
        this.mlpNumLayers = b.mlpNumLayers;
        this.mlpHiddenSize = b.mlpHiddenSize;
        this.mlpActivation = b.mlpActivation;
        this.variant = b.variant;
        this.tauValueMs = b.tauValueMs;
        this.memoryTauMinMs = b.memoryTauMinMs;
        this.memoryTauMaxMs = b.memoryTauMaxMs;
        this.learnMemoryTau = b.learnMemoryTau;
        this.wSValue = b.wSValue;
        this.numBranch = b.numBranch;
        this.numSynapsePerBranch = b.numSynapsePerBranch;
        this.routing = b.routing;
        this.deltaTMs = b.deltaTMs;
        validate(b.source);
    }

    private void validate(String source) {
        requirePositive(source, "num_input", numInput);
        requirePositive(source, "num_output", numOutput);
        requirePositive(source, "num_memory", numMemory);
        requirePositive(source, "mlp_num_layers", mlpNumLayers);
        requirePositive(source, "mlp_hidden_size", hiddenSize());
        requirePositive(source, "num_branch", numBranch());
        requirePositive(source, "num_synapse_per_branch", numSynapsePerBranch);
        requirePositiveFinite(source, "delta_t", deltaTMs);
        requirePositiveFinite(source, variant == Variant.V2 ? "tau_b_value" : "tau_s_value", tauValueMs);
        requireFinite(source, "lambda_value", lambdaValue);
        requireFinite(source, "w_s_value", wSValue);
        requireFinite(source, "memory_tau_min", memoryTauMinMs);
        requireFinite(source, "memory_tau_max", memoryTauMaxMs);
        if (variant == Variant.V1 && !(memoryTauMaxMs > memoryTauMinMs)) {
            throw new ModelFormatException(source, "memory_tau_max",
                "expected a value greater than memory_tau_min = " + memoryTauMinMs + ", found " + memoryTauMaxMs);
        }
        requireAtMost(source, "num_input", numInput, MAX_SIZE);
        requireAtMost(source, "num_output", numOutput, MAX_SIZE);
        requireAtMost(source, "num_memory", numMemory, MAX_SIZE);
        requireAtMost(source, "mlp_num_layers", mlpNumLayers, MAX_LAYERS);
        requireAtMost(source, "mlp_hidden_size", hiddenSize(), MAX_SIZE);
        requireAtMost(source, "num_branch", numBranch(), MAX_SIZE);
        requireAtMost(source, "num_synapse_per_branch", numSynapsePerBranch, MAX_SIZE);
        if (!(memoryTauMinMs >= 0)) {
            throw new ModelFormatException(source, "memory_tau_min", "expected a non-negative number, found " + memoryTauMinMs);
        }
        long synapses = (long) numBranch() * numSynapsePerBranch;
        // Every factor is at most 2^20 and there are at most 1000 layers: these products cannot overflow.
        long h = hiddenSize();
        long dM = numMemory;
        long parameters = 2 * synapses + dM + (numBranch() + dM) * h + h + (mlpNumLayers - 1) * (h * h + h)
            + h * dM + dM + (long) numOutput * dM + numOutput;
        if (synapses > MAX_PARAMETERS || parameters > MAX_PARAMETERS) {
            throw new ModelFormatException(source, "(sizes)", "expected a model of at most " + MAX_PARAMETERS
                + " parameters (elmkit.limit.parameters), found " + Math.max(synapses, parameters) + " implied by"
                + " num_input " + numInput + ", num_memory " + numMemory + ", mlp_hidden_size " + h + " x "
                + mlpNumLayers + " layers, " + numBranch() + " branches x " + numSynapsePerBranch);
        }
        if (routing == Routing.NONE && synapses != numInput) {
            throw new ModelFormatException(source, "input_to_synapse_routing",
                "without a routing every input is one synapse, so num_branch * num_synapse_per_branch must equal "
                    + "num_input = " + numInput + "; found " + numBranch() + " * " + numSynapsePerBranch + " = " + synapses);
        }
    }

    private static void requirePositive(String source, String key, int value) {
        if (value <= 0) {
            throw new ModelFormatException(source, key, "expected a positive integer, found " + value);
        }
    }

    private static void requireAtMost(String source, String key, long value, long max) {
        if (value > max) {
            throw new ModelFormatException(source, key, "expected at most " + max + ", found " + value);
        }
    }

    private static void requirePositiveFinite(String source, String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ModelFormatException(source, key, "expected a positive finite number, found " + value);
        }
    }

    private static void requireFinite(String source, String key, double value) {
        if (!Double.isFinite(value)) {
            throw new ModelFormatException(source, key, "expected a finite number, found " + value);
        }
    }

    /** A builder with every default of the reference, for the two required sizes. */
    public static Builder builder(int numInput, int numOutput) {
        return new Builder(numInput, numOutput);
    }

    /** Reads {@code model_config.json}; errors name the file and the key. */
    public static ElmConfig read(Path file) throws IOException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFormatException(file.toString(), "(file)", "expected a config of at most "
                    + MAX_FILE_BYTES + " bytes, found " + size + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "model config not found");
        }
        return parse(bytes, file.toString());
    }

    /** Parses the JSON text of a config; {@code source} names it in errors. */
    public static ElmConfig parse(String json, String source) {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), source);
    }

    /** Parses the JSON bytes (UTF-8, -16 or -32) of a config; {@code source} names it in errors. */
    public static ElmConfig parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new ModelFormatException(source, "(json)", "expected JSON nested at most " + InputLimits.MAX_DEPTH
                + " deep with numbers of at most 100 digits, found " + (e.getOriginalMessage().contains("depth")
                ? "deeper nesting" : "a longer number") + where(e));
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(source, "(json)", "expected valid JSON, found "
                + oneLine(e.getOriginalMessage()) + where(e));
        } catch (IOException e) {
            throw new ModelFormatException(source, "(json)", "expected valid JSON, found unreadable text");
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(source, "(json)", "expected a JSON object of constructor arguments");
        }
        List<String> unknown = new java.util.ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                unknown.add(key.length() > 40 ? key.substring(0, 40) + "..." : key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ModelFormatException(source, String.join(", ", unknown),
                "not an argument of the reference ELM constructor (known keys: " + String.join(", ", KEYS) + ")");
        }
        if (!root.has("num_input")) {
            throw new ModelFormatException(source, "num_input", "required key is missing");
        }
        if (!root.has("num_output")) {
            throw new ModelFormatException(source, "num_output", "required key is missing");
        }
        boolean v2 = root.has("tau_b_value");
        if (v2 && root.has("tau_s_value")) {
            throw new ModelFormatException(source, "tau_s_value",
                "a config holds tau_s_value (v1) or tau_b_value (v2), not both");
        }
        Builder b = builder(intValue(root, source, "num_input"), intValue(root, source, "num_output"));
        b.source = source;
        if (root.has("num_memory")) {
            b.numMemory(intValue(root, source, "num_memory"));
        }
        if (root.has("lambda_value")) {
            b.lambdaValue(doubleValue(root, source, "lambda_value"));
        }
        if (root.has("mlp_num_layers")) {
            b.mlpNumLayers(intValue(root, source, "mlp_num_layers"));
        }
        if (root.has("mlp_hidden_size")) {
            b.mlpHiddenSize(nullableInt(root, source, "mlp_hidden_size"));
        }
        if (root.has("mlp_activation")) {
            String name = textValue(root, source, "mlp_activation");
            Activation a = Activation.fromConfigName(name);
            if (a == null) {
                throw new ModelFormatException(source, "mlp_activation", "expected \"relu\" or \"silu\", found \"" + name + "\"");
            }
            b.mlpActivation(a);
        }
        if (v2) {
            b.variant(Variant.V2).tauValueMs(doubleValue(root, source, "tau_b_value"));
        } else if (root.has("tau_s_value")) {
            b.tauValueMs(doubleValue(root, source, "tau_s_value"));
        }
        if (root.has("memory_tau_min")) {
            b.memoryTauMinMs(doubleValue(root, source, "memory_tau_min"));
        }
        if (root.has("memory_tau_max")) {
            b.memoryTauMaxMs(doubleValue(root, source, "memory_tau_max"));
        }
        if (root.has("learn_memory_tau")) {
            JsonNode n = root.get("learn_memory_tau");
            if (!n.isBoolean()) {
                throw new ModelFormatException(source, "learn_memory_tau", "expected true or false, found " + n);
            }
            b.learnMemoryTau(n.booleanValue());
        }
        if (root.has("w_s_value")) {
            b.wSValue(doubleValue(root, source, "w_s_value"));
        }
        if (root.has("num_branch")) {
            b.numBranch(nullableInt(root, source, "num_branch"));
        }
        if (root.has("num_synapse_per_branch")) {
            b.numSynapsePerBranch(intValue(root, source, "num_synapse_per_branch"));
        }
        if (root.has("input_to_synapse_routing")) {
            JsonNode n = root.get("input_to_synapse_routing");
            String name = n.isNull() ? null : textValue(root, source, "input_to_synapse_routing");
            Routing r = Routing.fromConfigName(name);
            if (r == null) {
                throw new ModelFormatException(source, "input_to_synapse_routing",
                    "expected null, \"random_routing\" or \"neuronio_routing\", found \"" + name + "\"");
            }
            b.routing(r);
        }
        if (root.has("delta_t")) {
            b.deltaTMs(doubleValue(root, source, "delta_t"));
        }
        return b.build();
    }

    /** An integer (5 or 5.0, not 5.5, "5" or true) within int range; its own range is checked in validate. */
    private static int intValue(JsonNode root, String source, String key) {
        JsonNode n = root.get(key);
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
            return (int) n.doubleValue();
        }
        String found = n.toString();
        throw new ModelFormatException(source, key, "expected an integer (at most " + MAX_SIZE + "), found "
            + (found.length() > 40 ? found.substring(0, 40) + "... (" + found.length() + " characters)" : found));
    }

    private static String oneLine(String message) {
        String m = message == null ? "malformed text" : message.replaceAll("\\s*\\R\\s*", " ");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr();
    }

    private static Integer nullableInt(JsonNode root, String source, String key) {
        return root.get(key).isNull() ? null : intValue(root, source, key);
    }

    private static double doubleValue(JsonNode root, String source, String key) {
        JsonNode n = root.get(key);
        if (!n.isNumber()) {
            throw new ModelFormatException(source, key, "expected a number, found " + n);
        }
        return n.doubleValue();
    }

    private static String textValue(JsonNode root, String source, String key) {
        JsonNode n = root.get(key);
        if (!n.isTextual()) {
            throw new ModelFormatException(source, key, "expected a string, found " + n);
        }
        return n.textValue();
    }

    /** Every key with its effective value (defaults filled in, derived sizes resolved), plus variant. */
    public String toJson() {
        ObjectNode o = referenceNode(true);
        o.put("num_synapse", numSynapses());
        o.put("variant", variant.name().toLowerCase(java.util.Locale.ROOT));
        return write(o);
    }

    /** Only reference constructor keys (what {@code ELM(**config)} accepts), for checkpoints. */
    public String toReferenceJson() {
        return write(referenceNode(false));
    }

    private ObjectNode referenceNode(boolean resolveDerived) {
        ObjectNode o = JSON.createObjectNode();
        o.put("num_input", numInput);
        o.put("num_output", numOutput);
        o.put("num_memory", numMemory);
        o.put("lambda_value", lambdaValue);
        o.put("mlp_num_layers", mlpNumLayers);
        if (resolveDerived || mlpHiddenSize != null) {
            o.put("mlp_hidden_size", hiddenSize());
        } else {
            o.putNull("mlp_hidden_size");
        }
        o.put("mlp_activation", mlpActivation.configName());
        o.put(variant == Variant.V2 ? "tau_b_value" : "tau_s_value", tauValueMs);
        o.put("memory_tau_min", memoryTauMinMs);
        o.put("memory_tau_max", memoryTauMaxMs);
        o.put("learn_memory_tau", learnMemoryTau);
        o.put("w_s_value", wSValue);
        if (resolveDerived || numBranch != null) {
            o.put("num_branch", numBranch());
        } else {
            o.putNull("num_branch");
        }
        o.put("num_synapse_per_branch", numSynapsePerBranch);
        if (routing.configName() == null) {
            o.putNull("input_to_synapse_routing");
        } else {
            o.put("input_to_synapse_routing", routing.configName());
        }
        o.put("delta_t", deltaTMs);
        return o;
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The effective values as a map (for tables in the CLI). */
    public Map<String, Object> toMap() {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(toJson(), java.util.LinkedHashMap.class);
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public int numInput() {
        return numInput;
    }

    public int numOutput() {
        return numOutput;
    }

    public int numMemory() {
        return numMemory;
    }

    public double lambdaValue() {
        return lambdaValue;
    }

    public int mlpNumLayers() {
        return mlpNumLayers;
    }

    /** The MLP's hidden width: {@code mlp_hidden_size}, or 2 * num_memory when null. */
    public int hiddenSize() {
        return mlpHiddenSize != null ? mlpHiddenSize : 2 * numMemory;
    }

    public Activation activation() {
        return mlpActivation;
    }

    public Variant variant() {
        return variant;
    }

    /** tau_s_value (v1) or tau_b_value (v2), in ms. */
    public double synapseTauMs() {
        return tauValueMs;
    }

    public double memoryTauMinMs() {
        return memoryTauMinMs;
    }

    /** memory_tau_max as configured (v2 raises it to at least tau_min + 3e-6 when building the model). */
    public double memoryTauMaxMs() {
        return memoryTauMaxMs;
    }

    public boolean learnMemoryTau() {
        return learnMemoryTau;
    }

    public double wSValue() {
        return wSValue;
    }

    /** num_branch, or num_input when null. */
    public int numBranch() {
        return numBranch != null ? numBranch : numInput;
    }

    public int synapsesPerBranch() {
        return numSynapsePerBranch;
    }

    /** num_branch * num_synapse_per_branch. */
    public int numSynapses() {
        return numBranch() * numSynapsePerBranch;
    }

    public Routing routing() {
        return routing;
    }

    public double deltaTMs() {
        return deltaTMs;
    }

    /** Builder with the reference defaults. */
    public static final class Builder {
        private String source = "(programmatic config)";
        private final int numInput;
        private final int numOutput;
        private int numMemory = 100;
        private double lambdaValue = 5.0;
        private int mlpNumLayers = 1;
        private Integer mlpHiddenSize;
        private Activation mlpActivation = Activation.RELU;
        private Variant variant = Variant.V1;
        private double tauValueMs = 5.0;
        private double memoryTauMinMs = 1.0;
        private double memoryTauMaxMs = 1000.0;
        private boolean learnMemoryTau;
        private double wSValue = 0.5;
        private Integer numBranch;
        private int numSynapsePerBranch = 1;
        private Routing routing = Routing.NONE;
        private double deltaTMs = 1.0;

        private Builder(int numInput, int numOutput) {
            this.numInput = numInput;
            this.numOutput = numOutput;
        }

        public Builder numMemory(int v) {
            numMemory = v;
            return this;
        }

        public Builder lambdaValue(double v) {
            lambdaValue = v;
            return this;
        }

        public Builder mlpNumLayers(int v) {
            mlpNumLayers = v;
            return this;
        }

        /** Null means 2 * num_memory. */
        public Builder mlpHiddenSize(Integer v) {
            mlpHiddenSize = v;
            return this;
        }

        public Builder mlpActivation(Activation v) {
            mlpActivation = v;
            return this;
        }

        public Builder variant(Variant v) {
            variant = v;
            return this;
        }

        /** tau_s_value (v1) or tau_b_value (v2). */
        public Builder tauValueMs(double v) {
            tauValueMs = v;
            return this;
        }

        public Builder memoryTauMinMs(double v) {
            memoryTauMinMs = v;
            return this;
        }

        public Builder memoryTauMaxMs(double v) {
            memoryTauMaxMs = v;
            return this;
        }

        public Builder learnMemoryTau(boolean v) {
            learnMemoryTau = v;
            return this;
        }

        public Builder wSValue(double v) {
            wSValue = v;
            return this;
        }

        /** Null means num_input. */
        public Builder numBranch(Integer v) {
            numBranch = v;
            return this;
        }

        public Builder numSynapsePerBranch(int v) {
            numSynapsePerBranch = v;
            return this;
        }

        public Builder routing(Routing v) {
            routing = v;
            return this;
        }

        public Builder deltaTMs(double v) {
            deltaTMs = v;
            return this;
        }

        public ElmConfig build() {
            return new ElmConfig(this);
        }
    }
}
