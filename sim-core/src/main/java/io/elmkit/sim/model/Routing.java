package io.elmkit.sim.model;

/** How inputs map to synapses ({@code input_to_synapse_routing}). */
public enum Routing {
    /** u = x: one synapse per input, in order (needs num_branch * k == num_input). */
    NONE(null),
    /** u[i] = x[idx[i]] with indices drawn at construction and stored in the state dict. */
    RANDOM("random_routing"),
    /** The NeuronIO interlaced windows of docs/model.md (Routing), quirks included. */
    NEURONIO("neuronio_routing");

    private final String configName;

    Routing(String configName) {
        this.configName = configName;
    }

    /** The value of {@code input_to_synapse_routing}, or null for no routing. */
    public String configName() {
        return configName;
    }

    /** The routing a config names (null for none), or null for an unknown name. */
    public static Routing fromConfigName(String name) {
        if (name == null) {
            return NONE;
        }
        for (Routing r : values()) {
            if (name.equals(r.configName)) {
                return r;
            }
        }
        return null;
    }
}
