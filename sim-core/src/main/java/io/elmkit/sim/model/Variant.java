package io.elmkit.sim.model;

/** ELM variants of the reference: v1 (the published models) and v2 (per-branch tau_b). */
public enum Variant {
    /** Per-synapse traces with {@code tau_s}; memory gain lambda * (1 - kappa_m). */
    V1,
    /** Per-branch traces with {@code tau_b}; memory gain 1 - exp(-dt * lambda / tau_m). */
    V2
}
