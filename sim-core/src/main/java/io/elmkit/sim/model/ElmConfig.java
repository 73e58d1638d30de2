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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The ELM's constructor arguments, as the reference's {@code model_config.json} holds them, with
 * the reference default for every absent key (docs/formats.md, model_config.json). Immutable; build programmatically
 * with {@link #builder(int, int)}. Each key is defined once, in {@link Key} (JSON name, type,
 * default, rule); reading, writing and checking a config walk that table.
 */
public final class ElmConfig {
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

    /** A model_config.json is a few hundred bytes; anything past 1 MiB is not one. */
    static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * The keys of {@code model_config.json}, in the reference constructor's order (the order they are
     * read, checked and written in); a key's JSON name is its constant's name in lower case. A null
     * default means: required ({@link Type#INT}) or derived from another key ({@link Type#NULLABLE_INT}).
     */
    // Key reads the size bound from InputLimits, not from ElmConfig.MAX_SIZE: either class may then be
    // initialised first without one seeing the other half-built.
    public enum Key {
        /** Input channels d_in (required). */
        NUM_INPUT(Type.INT, null, Rule.COUNT),
        /** Outputs d_o (required). */
        NUM_OUTPUT(Type.INT, null, Rule.COUNT),
        /** Memory units d_m. */
        NUM_MEMORY(Type.INT, 100, Rule.COUNT),
        /** lambda: memory update scale (v1), or the rate of kappa_lambda (v2). */
        LAMBDA_VALUE(Type.DOUBLE, 5.0, Rule.REAL),
        /** Hidden layers of the MLP (it has one more Linear layer, the output). */
        MLP_NUM_LAYERS(Type.INT, 1, Rule.COUNT, MAX_LAYERS, null),
        /** Hidden width of the MLP; null: 2 * num_memory. */
        MLP_HIDDEN_SIZE(Type.NULLABLE_INT, null, Rule.COUNT, InputLimits.MAX_CHANNELS, c -> 2 * c.numMemory()),
        /** Activation of the MLP's hidden layers. */
        MLP_ACTIVATION(Type.ACTIVATION, Activation.RELU, Rule.NONE),
        /** Synaptic trace time constant in ms, per synapse (v1 only). */
        TAU_S_VALUE(Type.DOUBLE, 5.0, Rule.TIME_CONSTANT),
        /** Branch trace time constant in ms, per branch; its presence makes a config v2. */
        TAU_B_VALUE(Type.DOUBLE, 5.0, Rule.TIME_CONSTANT),
        /** Lower end of the memory time constants, in ms (at least 0). */
        MEMORY_TAU_MIN(Type.DOUBLE, 1.0, Rule.TAU_RANGE),
        /** Upper end of the memory time constants, in ms (v1: above memory_tau_min). */
        MEMORY_TAU_MAX(Type.DOUBLE, 1000.0, Rule.TAU_RANGE),
        /** Whether _proto_tau_m is trained. */
        LEARN_MEMORY_TAU(Type.BOOLEAN, false, Rule.NONE),
        /** Initial _proto_w_s of every synapse. */
        W_S_VALUE(Type.DOUBLE, 0.5, Rule.REAL),
        /** Dendritic branches d_b; null: num_input. */
        NUM_BRANCH(Type.NULLABLE_INT, null, Rule.COUNT, InputLimits.MAX_CHANNELS, ElmConfig::numInput),
        /** Synapses per branch k. */
        NUM_SYNAPSE_PER_BRANCH(Type.INT, 1, Rule.COUNT),
        /** How inputs map to synapses: null, "random_routing" or "neuronio_routing". */
        INPUT_TO_SYNAPSE_ROUTING(Type.ROUTING, Routing.NONE, Rule.NONE),
        /** Step length in ms. */
        DELTA_T(Type.DOUBLE, 1.0, Rule.STEP);

        private final Spec spec;

        Key(Type type, Object defaultValue, Rule rule) {
            this(type, defaultValue, rule, InputLimits.MAX_CHANNELS, null);
        }

        Key(Type type, Object defaultValue, Rule rule, long max, ToIntFunction<ElmConfig> derived) {
            this.spec = new Spec(type, defaultValue, rule, max, derived);
        }

        /** The key's name in model_config.json. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reference default (null: required, or derived from another key). */
        public Object defaultValue() {
            return spec.defaultValue;
        }

        boolean required() {
            return spec.type == Type.INT && spec.defaultValue == null;
        }
    }

    /**
     * A key's row of the table: {@code max} bounds a {@link Rule#COUNT} key, {@code derived} gives the
     * value a null stands for (a {@link Type#NULLABLE_INT} key).
     */
    private record Spec(Type type, Object defaultValue, Rule rule, long max, ToIntFunction<ElmConfig> derived) {
    }

    private static final List<Key> TABLE = List.of(Key.values());

    /** Keys the reference constructor accepts; any other key is an error. */
    public static final List<String> KEYS = TABLE.stream().map(Key::jsonName).toList();

    /** How a key's JSON value is read ({@link #read}) and written (Integer, Double, Boolean or a config name). */
    private enum Type { INT, NULLABLE_INT, DOUBLE, BOOLEAN, ACTIVATION, ROUTING }

    /**
     * What a key's value must satisfy. A config is checked rule by rule in this order, the keys of a
     * rule in table order, so that a config with several faults is refused naming the same one as
     * it always was.
     */
    private enum Rule {
        /** Checked when read (type and name only). */
        NONE,
        /** A positive integer (at most the key's max, checked after every sign). */
        COUNT,
        /** A positive finite step length. */
        STEP,
        /** A positive finite time constant. */
        TIME_CONSTANT,
        /** Any finite number. */
        REAL,
        /** A finite bound of the memory time constants (their order and sign are checked after the counts' bounds). */
        TAU_RANGE;

        void check(String source, Key key, ElmConfig c) {
            Number v = this == COUNT ? (Number) c.count(key) : (Number) c.real(key);
            double d = v.doubleValue();
            String expected = switch (this) {
                case COUNT -> d > 0 ? null : "a positive integer";
                case STEP, TIME_CONSTANT -> d > 0 && Double.isFinite(d) ? null : "a positive finite number";
                default -> Double.isFinite(d) ? null : "a finite number";
            };
            if (expected != null) {
                throw new ModelFormatException(source, key.jsonName(), "expected " + expected + ", found " + v);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The parser for config files: nesting bounded by {@link InputLimits#MAX_DEPTH}, numbers by 100
     * digits, duplicate keys refused (JSON would silently keep the last).
     */
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(InputLimits.MAX_DEPTH)
            .maxNumberLength(100).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    /** By {@link Key} ordinal: Integer, Double, Boolean, Activation or Routing; null for a derived or other-variant key. */
    private final Object[] values;
    private final Variant variant;

    private ElmConfig(Builder b) {
        this.variant = b.variant;
        this.values = b.values.clone();
        for (Key k : TABLE) {
            if (!holds(k)) {
                values[k.ordinal()] = null;
            }
        }
        validate(b.source);
    }

    /** Whether this config's variant has the key (tau_s_value: v1, tau_b_value: v2, all others: both). */
    private boolean holds(Key k) {
        return k != (variant == Variant.V2 ? Key.TAU_S_VALUE : Key.TAU_B_VALUE);
    }

    private int count(Key k) {
        Integer v = (Integer) values[k.ordinal()];
        return v != null ? v : k.spec.derived.applyAsInt(this);
    }

    private double real(Key k) {
        return (Double) values[k.ordinal()];
    }

    private void validate(String source) {
        for (Rule rule : Rule.values()) {
            for (Key k : TABLE) {
                if (k.spec.rule == rule && rule != Rule.NONE && holds(k)) {
                    rule.check(source, k, this);
                }
            }
        }
        double tauMin = memoryTauMinMs();
        double tauMax = memoryTauMaxMs();
        if (variant == Variant.V1 && !(tauMax > tauMin)) {
            throw new ModelFormatException(source, Key.MEMORY_TAU_MAX.jsonName(),
                "expected a value greater than " + Key.MEMORY_TAU_MIN.jsonName() + " = " + tauMin + ", found " + tauMax);
        }
        for (Key k : TABLE) {
            if (k.spec.rule == Rule.COUNT && count(k) > k.spec.max) {
                throw new ModelFormatException(source, k.jsonName(), "expected at most " + k.spec.max + ", found " + count(k));
            }
        }
        if (!(tauMin >= 0)) {
            throw new ModelFormatException(source, Key.MEMORY_TAU_MIN.jsonName(),
                "expected a non-negative number, found " + tauMin);
        }
        long synapses = (long) numBranch() * synapsesPerBranch();
        // Every factor is at most 2^20 and there are at most 1000 layers: these products cannot overflow.
        long h = hiddenSize();
        long dM = numMemory();
        long parameters = 2 * synapses + dM + (numBranch() + dM) * h + h + (mlpNumLayers() - 1) * (h * h + h)
            + h * dM + dM + (long) numOutput() * dM + numOutput();
        if (synapses > MAX_PARAMETERS || parameters > MAX_PARAMETERS) {
            throw new ModelFormatException(source, "(sizes)", "expected a model of at most " + MAX_PARAMETERS
                + " parameters (elmkit.limit.parameters), found " + Math.max(synapses, parameters) + " implied by"
                + " num_input " + numInput() + ", num_memory " + dM + ", mlp_hidden_size " + h + " x "
                + mlpNumLayers() + " layers, " + numBranch() + " branches x " + synapsesPerBranch());
        }
        if (routing() == Routing.NONE && synapses != numInput()) {
            throw new ModelFormatException(source, Key.INPUT_TO_SYNAPSE_ROUTING.jsonName(),
                "without a routing every input is one synapse, so num_branch * num_synapse_per_branch must equal "
                    + "num_input = " + numInput() + "; found " + numBranch() + " * " + synapsesPerBranch() + " = " + synapses);
        }
    }

    /** A builder with every default of the reference, for the two required sizes (num_input, num_output). */
    public static Builder builder(int numInput, int numOutput) {
        return new Builder().set(Key.NUM_INPUT, numInput).set(Key.NUM_OUTPUT, numOutput);
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
        List<String> unknown = new ArrayList<>();
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
        for (Key k : TABLE) {
            if (k.required() && !root.has(k.jsonName())) {
                throw new ModelFormatException(source, k.jsonName(), "required key is missing");
            }
        }
        boolean v2 = root.has(Key.TAU_B_VALUE.jsonName());
        if (v2 && root.has(Key.TAU_S_VALUE.jsonName())) {
            throw new ModelFormatException(source, Key.TAU_S_VALUE.jsonName(),
                "a config holds tau_s_value (v1) or tau_b_value (v2), not both");
        }
        Builder b = new Builder().variant(v2 ? Variant.V2 : Variant.V1);
        b.source = source;
        for (Key k : TABLE) {
            if (root.has(k.jsonName())) {
                b.set(k, read(k, root.get(k.jsonName()), source));
            }
        }
        return b.build();
    }

    /** The value of a present key, checked for its type (its range is checked by its {@link Rule}). */
    private static Object read(Key k, JsonNode n, String source) {
        String key = k.jsonName();
        switch (k.spec.type) {
            case INT:
            case NULLABLE_INT:
                return k.spec.type == Type.NULLABLE_INT && n.isNull() ? null : intValue(n, source, key);
            case DOUBLE:
                if (!n.isNumber()) {
                    throw new ModelFormatException(source, key, "expected a number, found " + n);
                }
                return n.doubleValue();
            case BOOLEAN:
                if (!n.isBoolean()) {
                    throw new ModelFormatException(source, key, "expected true or false, found " + n);
                }
                return n.booleanValue();
            case ACTIVATION:
                return choice(n, source, key, Activation.values(), Activation::configName);
            default:
                return choice(n, source, key, Routing.values(), Routing::configName);
        }
    }

    /** An integer (5 or 5.0, not 5.5, "5" or true) within int range; its own range is checked by {@link Rule}. */
    private static int intValue(JsonNode n, String source, String key) {
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

    private static String textValue(JsonNode n, String source, String key) {
        if (!n.isTextual()) {
            throw new ModelFormatException(source, key, "expected a string, found " + n);
        }
        return n.textValue();
    }

    /** The option whose config name {@code n} holds (JSON null for an option named null). */
    private static <T> T choice(JsonNode n, String source, String key, T[] options, Function<T, String> configName) {
        List<String> names = Arrays.stream(options).map(configName).toList();
        String name = n.isNull() && names.contains(null) ? null : textValue(n, source, key);
        if (names.contains(name)) {
            return options[names.indexOf(name)];
        }
        List<String> quoted = names.stream().map(m -> m == null ? "null" : "\"" + m + "\"").toList();
        throw new ModelFormatException(source, key, "expected " + String.join(", ", quoted.subList(0, quoted.size() - 1))
            + " or " + quoted.get(quoted.size() - 1) + ", found \"" + name + "\"");
    }

    private static String oneLine(String message) {
        String m = message == null ? "malformed text" : message.replaceAll("\\s*\\R\\s*", " ");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr();
    }

    /** Every key with its effective value (defaults filled in, derived sizes resolved), plus variant. */
    public String toJson() {
        ObjectNode o = referenceNode(true);
        o.put("num_synapse", numSynapses());
        o.put("variant", variant.name().toLowerCase(Locale.ROOT));
        return write(o);
    }

    /** Only reference constructor keys (what {@code ELM(**config)} accepts), for checkpoints. */
    public String toReferenceJson() {
        return write(referenceNode(false));
    }

    private ObjectNode referenceNode(boolean resolveDerived) {
        ObjectNode o = JSON.createObjectNode();
        for (Key k : TABLE) {
            if (holds(k)) {
                Object v = resolveDerived && k.spec.derived != null ? (Object) count(k) : values[k.ordinal()];
                o.set(k.jsonName(), JSON.valueToTree(v instanceof Activation a ? a.configName()
                    : v instanceof Routing r ? r.configName() : v));
            }
        }
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

    /** Same variant and the same value (or the same null) for every key. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ElmConfig c && variant == c.variant && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return 31 * variant.hashCode() + Arrays.hashCode(values);
    }

    /** {@link Key#NUM_INPUT}. */
    public int numInput() {
        return count(Key.NUM_INPUT);
    }

    /** {@link Key#NUM_OUTPUT}. */
    public int numOutput() {
        return count(Key.NUM_OUTPUT);
    }

    /** {@link Key#NUM_MEMORY}. */
    public int numMemory() {
        return count(Key.NUM_MEMORY);
    }

    /** {@link Key#LAMBDA_VALUE}. */
    public double lambdaValue() {
        return real(Key.LAMBDA_VALUE);
    }

    /** {@link Key#MLP_NUM_LAYERS}. */
    public int mlpNumLayers() {
        return count(Key.MLP_NUM_LAYERS);
    }

    /** The MLP's hidden width: {@code mlp_hidden_size}, or 2 * num_memory when null. */
    public int hiddenSize() {
        return count(Key.MLP_HIDDEN_SIZE);
    }

    /** {@link Key#MLP_ACTIVATION}. */
    public Activation activation() {
        return (Activation) values[Key.MLP_ACTIVATION.ordinal()];
    }

    /** v2 when the config holds tau_b_value, else v1. */
    public Variant variant() {
        return variant;
    }

    /** tau_s_value (v1) or tau_b_value (v2), in ms. */
    public double synapseTauMs() {
        return real(variant == Variant.V2 ? Key.TAU_B_VALUE : Key.TAU_S_VALUE);
    }

    /** {@link Key#MEMORY_TAU_MIN}. */
    public double memoryTauMinMs() {
        return real(Key.MEMORY_TAU_MIN);
    }

    /** memory_tau_max as configured (v2 raises it to at least tau_min + 3e-6 when building the model). */
    public double memoryTauMaxMs() {
        return real(Key.MEMORY_TAU_MAX);
    }

    /** {@link Key#LEARN_MEMORY_TAU}. */
    public boolean learnMemoryTau() {
        return (Boolean) values[Key.LEARN_MEMORY_TAU.ordinal()];
    }

    /** {@link Key#W_S_VALUE}. */
    public double wSValue() {
        return real(Key.W_S_VALUE);
    }

    /** num_branch, or num_input when null. */
    public int numBranch() {
        return count(Key.NUM_BRANCH);
    }

    /** {@link Key#NUM_SYNAPSE_PER_BRANCH}. */
    public int synapsesPerBranch() {
        return count(Key.NUM_SYNAPSE_PER_BRANCH);
    }

    /** num_branch * num_synapse_per_branch. */
    public int numSynapses() {
        return numBranch() * synapsesPerBranch();
    }

    /** {@link Key#INPUT_TO_SYNAPSE_ROUTING}. */
    public Routing routing() {
        return (Routing) values[Key.INPUT_TO_SYNAPSE_ROUTING.ordinal()];
    }

    /** {@link Key#DELTA_T}. */
    public double deltaTMs() {
        return real(Key.DELTA_T);
    }

    /** Builder with the reference defaults; every value is checked by {@link #build()}. */
    public static final class Builder {
        private String source = "(programmatic config)";
        private final Object[] values = new Object[TABLE.size()];
        private Variant variant = Variant.V1;

        private Builder() {
            for (Key k : TABLE) {
                values[k.ordinal()] = k.spec.defaultValue;
            }
        }

        private Builder set(Key k, Object v) {
            values[k.ordinal()] = v;
            return this;
        }

        /** Sets {@link Key#NUM_MEMORY}. */
        public Builder numMemory(int v) {
            return set(Key.NUM_MEMORY, v);
        }

        /** Sets {@link Key#LAMBDA_VALUE}. */
        public Builder lambdaValue(double v) {
            return set(Key.LAMBDA_VALUE, v);
        }

        /** Sets {@link Key#MLP_NUM_LAYERS}. */
        public Builder mlpNumLayers(int v) {
            return set(Key.MLP_NUM_LAYERS, v);
        }

        /** Sets {@link Key#MLP_HIDDEN_SIZE}; null means 2 * num_memory. */
        public Builder mlpHiddenSize(Integer v) {
            return set(Key.MLP_HIDDEN_SIZE, v);
        }

        /** Sets {@link Key#MLP_ACTIVATION}. */
        public Builder mlpActivation(Activation v) {
            return set(Key.MLP_ACTIVATION, Objects.requireNonNull(v, "mlpActivation"));
        }

        /** v1 (default) or v2: which of tau_s_value and tau_b_value the config holds. */
        public Builder variant(Variant v) {
            variant = Objects.requireNonNull(v, "variant");
            return this;
        }

        /** tau_s_value (v1) or tau_b_value (v2), whichever the variant has. */
        public Builder tauValueMs(double v) {
            return set(Key.TAU_S_VALUE, v).set(Key.TAU_B_VALUE, v);
        }

        /** Sets {@link Key#MEMORY_TAU_MIN}. */
        public Builder memoryTauMinMs(double v) {
            return set(Key.MEMORY_TAU_MIN, v);
        }

        /** Sets {@link Key#MEMORY_TAU_MAX}. */
        public Builder memoryTauMaxMs(double v) {
            return set(Key.MEMORY_TAU_MAX, v);
        }

        /** Sets {@link Key#LEARN_MEMORY_TAU}. */
        public Builder learnMemoryTau(boolean v) {
            return set(Key.LEARN_MEMORY_TAU, v);
        }

        /** Sets {@link Key#W_S_VALUE}. */
        public Builder wSValue(double v) {
            return set(Key.W_S_VALUE, v);
        }

        /** Sets {@link Key#NUM_BRANCH}; null means num_input. */
        public Builder numBranch(Integer v) {
            return set(Key.NUM_BRANCH, v);
        }

        /** Sets {@link Key#NUM_SYNAPSE_PER_BRANCH}. */
        public Builder numSynapsePerBranch(int v) {
            return set(Key.NUM_SYNAPSE_PER_BRANCH, v);
        }

        /** Sets {@link Key#INPUT_TO_SYNAPSE_ROUTING}. */
        public Builder routing(Routing v) {
            return set(Key.INPUT_TO_SYNAPSE_ROUTING, Objects.requireNonNull(v, "routing"));
        }

        /** Sets {@link Key#DELTA_T}. */
        public Builder deltaTMs(double v) {
            return set(Key.DELTA_T, v);
        }

        /** The config, or a {@link ModelFormatException} naming the first key out of range. */
        public ElmConfig build() {
            return new ElmConfig(this);
        }
    }
}
