package io.elmkit.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The key table: defaults, round trips through model_config.json, and value equality. */
class ElmConfigKeysTest {

    @Test
    void absentKeysTakeTheTableDefaultsAndAreWrittenBack() throws Exception {
        ElmConfig parsed = ElmConfig.parse("{\"num_input\": 4, \"num_output\": 2}", "m.json");
        assertEquals(ElmConfig.builder(4, 2).build(), parsed);
        JsonNode written = new ObjectMapper().readTree(parsed.toReferenceJson());
        assertEquals(ElmConfig.KEYS.size() - 1, written.size(), "every key but tau_b_value (v2 only)");
        for (ElmConfig.Key k : ElmConfig.Key.values()) {
            if (k == ElmConfig.Key.TAU_B_VALUE || k.defaultValue() == null) {
                continue;
            }
            Object expected = k.defaultValue() instanceof Activation a ? a.configName()
                : k.defaultValue() instanceof Routing r ? r.configName() : k.defaultValue();
            JsonNode n = written.get(k.jsonName());
            Object found = n.isNull() ? null : n.isTextual() ? n.textValue() : n.isBoolean() ? n.booleanValue()
                : n.isInt() ? (Object) n.intValue() : (Object) n.doubleValue();
            assertEquals(expected, found, k.jsonName());
        }
        assertTrue(written.get("mlp_hidden_size").isNull() && written.get("num_branch").isNull(), "derived keys stay null");
    }

    @Test
    void everyKeyRoundTripsThroughItsJson() {
        ElmConfig v1 = ElmConfig.builder(12, 3).numMemory(7).lambdaValue(2.5).mlpNumLayers(2).mlpHiddenSize(9)
            .mlpActivation(Activation.SILU).tauValueMs(3.5).memoryTauMinMs(0.5).memoryTauMaxMs(50).learnMemoryTau(true)
            .wSValue(0.25).numBranch(4).numSynapsePerBranch(6).routing(Routing.RANDOM).deltaTMs(0.5).build();
        ElmConfig v2 = ElmConfig.builder(12, 3).variant(Variant.V2).tauValueMs(8).numBranch(3)
            .numSynapsePerBranch(4).build();
        for (ElmConfig c : new ElmConfig[] {v1, v2}) {
            ElmConfig back = ElmConfig.parse(c.toReferenceJson(), "m.json");
            assertEquals(c, back);
            assertEquals(c.hashCode(), back.hashCode());
            assertEquals(c.toJson(), back.toJson());
        }
        assertEquals(Variant.V2, ElmConfig.parse(v2.toReferenceJson(), "m.json").variant());
        assertTrue(v2.toReferenceJson().contains("\"tau_b_value\" : 8.0") && !v2.toReferenceJson().contains("tau_s_value"));
        assertNotEquals(v1, ElmConfig.builder(12, 3).build());
    }

    @Test
    void keysAreTheTableInItsOrder() {
        assertEquals(ElmConfig.Key.values().length, ElmConfig.KEYS.size());
        for (ElmConfig.Key k : ElmConfig.Key.values()) {
            assertEquals(k.jsonName(), ElmConfig.KEYS.get(k.ordinal()));
        }
        assertEquals("m.json: mlp_activation: expected \"relu\" or \"silu\", found \"tanh\"", assertRefused(
            "{\"num_input\": 4, \"num_output\": 2, \"mlp_activation\": \"tanh\"}"));
        assertEquals("m.json: input_to_synapse_routing: expected null, \"random_routing\" or \"neuronio_routing\","
            + " found \"x\"", assertRefused("{\"num_input\": 4, \"num_output\": 2, \"input_to_synapse_routing\": \"x\"}"));
    }

    private static String assertRefused(String json) {
        return org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
            () -> ElmConfig.parse(json, "m.json")).getMessage();
    }
}
