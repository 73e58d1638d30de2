package io.elmkit.sim.model;

/** Hidden-layer activation of the ELM's dendritic MLP ({@code mlp_activation}). */
public enum Activation {
    RELU("relu"),
    SILU("silu");

    private final String configName;

    Activation(String configName) {
        this.configName = configName;
    }

    /** The value of {@code mlp_activation} in {@code model_config.json}. */
    public String configName() {
        return configName;
    }

    public static Activation fromConfigName(String name) {
        for (Activation a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
