package io.elmkit.sim.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.io.nd.NdArray;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelValidationTest {

    static final ElmConfig SMALL = ElmConfig.builder(32, 3).numMemory(8).build();

    static ModelFormatException configError(String json) {
        return assertThrows(ModelFormatException.class, () -> ElmConfig.parse(json, "cfg.json"));
    }

    @Test
    void absentKeysTakeTheReferenceDefaults() throws Exception {
        ElmConfig c = ElmConfig.parse("{\"num_input\": 10, \"num_output\": 2}", "cfg.json");
        // The reference constructor's defaults, the derived ones resolved (mlp_hidden_size 2 * num_memory, num_branch num_input).
        String reference = "{'num_input': 10, 'num_output': 2, 'num_memory': 100, 'lambda_value': 5.0, 'mlp_num_layers': 1,"
            + " 'mlp_hidden_size': 200, 'mlp_activation': 'relu', 'tau_s_value': 5.0, 'memory_tau_min': 1.0,"
            + " 'memory_tau_max': 1000.0, 'learn_memory_tau': false, 'w_s_value': 0.5, 'num_branch': 10,"
            + " 'num_synapse_per_branch': 1, 'input_to_synapse_routing': null, 'delta_t': 1.0}";
        LinkedHashMap<?, ?> expected = new ObjectMapper().readValue(reference.replace('\'', '"'), LinkedHashMap.class);
        LinkedHashMap<String, Object> effective = new LinkedHashMap<>(c.toMap());
        assertEquals(10, effective.remove("num_synapse"));
        assertEquals("v1", effective.remove("variant"));
        assertEquals(expected, effective);
        assertEquals(List.of(200, 5.0, Activation.RELU, Routing.NONE, Variant.V1),
            List.of(c.hiddenSize(), c.synapseTauMs(), c.activation(), c.routing(), c.variant()));
        assertEquals(Variant.V2, ElmConfig.parse("{\"num_input\": 10, \"num_output\": 2, \"tau_b_value\": 3}", "c")
            .variant());
    }

    @Test
    void configErrorsNameFileKeyAndExpectation() {
        ModelFormatException unknown = configError("{\"num_input\": 10, \"num_output\": 2, \"num_memmory\": 5}");
        assertTrue(unknown.getMessage().startsWith("cfg.json: num_memmory: not an argument"), unknown.getMessage());
        assertEquals("num_memmory", unknown.field());
        assertTrue(configError("{\"num_output\": 2}").getMessage().contains("num_input: required"));
        assertTrue(configError("{\"num_input\": \"ten\", \"num_output\": 2}").getMessage()
            .contains("num_input: expected an integer"));
        assertTrue(configError("{\"num_input\": 10, \"num_output\": 2, \"mlp_activation\": \"gelu\"}").getMessage()
            .contains("expected \"relu\" or \"silu\""));
        assertTrue(configError("{\"num_input\": 10, \"num_output\": 2, \"num_branch\": 3}").getMessage()
            .contains("must equal num_input = 10"));
        assertTrue(configError("{\"num_input\": 10, \"num_output\": 0}").getMessage()
            .contains("num_output: expected a positive integer, found 0"));
        assertTrue(configError("{\"num_input\": 10, \"num_output\": 2, \"tau_s_value\": 1, \"tau_b_value\": 1}")
            .getMessage().contains("not both"));
        assertTrue(configError("[1, 2]").getMessage().contains("JSON object"));
        assertTrue(configError("{\"num_input\": 10,").getMessage().contains("expected valid JSON"));
    }

    @Test
    void stateDictShapeMismatchNamesKeyExpectedAndFound() {
        LinkedHashMap<String, NdArray> sd = ElmModel.initialise(SMALL, 1).toStateDict();
        sd.put("mlp.network.0.weight", NdArray.ofFloats(new float[16 * 41], 16, 41));
        ModelFormatException e = assertThrows(ModelFormatException.class,
            () -> ElmModel.fromStateDict(SMALL, sd, "m.pt"));
        assertEquals("m.pt: mlp.network.0.weight: expected shape [16, 40] for this config, found [16, 41]",
            e.getMessage());
    }

    @Test
    void missingUnexpectedAndNaNTensorsAreErrors() {
        LinkedHashMap<String, NdArray> missing = ElmModel.initialise(SMALL, 1).toStateDict();
        missing.remove("w_y.bias");
        assertTrue(assertThrows(ModelFormatException.class, () -> ElmModel.fromStateDict(SMALL, missing, "m.pt"))
            .getMessage().contains("w_y.bias: missing tensor; the config implies shape [3]"));

        LinkedHashMap<String, NdArray> extra = ElmModel.initialise(SMALL, 1).toStateDict();
        extra.put("tau_b", NdArray.ofFloats(new float[32], 32));
        assertTrue(assertThrows(ModelFormatException.class, () -> ElmModel.fromStateDict(SMALL, extra, "m.pt"))
            .getMessage().contains("tau_b: unexpected tensor"));

        LinkedHashMap<String, NdArray> nan = ElmModel.initialise(SMALL, 1).toStateDict();
        ((float[]) nan.get("mlp.network.2.bias").data())[3] = Float.NaN;
        assertEquals("m.pt: mlp.network.2.bias: element 3 is NaN",
            assertThrows(ModelFormatException.class, () -> ElmModel.fromStateDict(SMALL, nan, "m.pt")).getMessage());

        LinkedHashMap<String, NdArray> inf = ElmModel.initialise(SMALL, 1).toStateDict();
        ((float[]) inf.get("_proto_tau_m").data())[0] = Float.POSITIVE_INFINITY;
        ElmModel ok = ElmModel.fromStateDict(SMALL, inf, "m.pt");
        assertEquals(1000f, ok.tauMMs()[0]);
        assertTrue(ok.kappaM()[0] > 0.99f && ok.kappaM()[0] < 1f);
    }

    @Test
    void initialTauMCarriesTheReferenceInfinityQuirk() {
        // tau_max - 1e-6 rounds to tau_max in float32, so the last proto value is log(x / 0) = +inf.
        float[] proto = ElmModel.initialProtoTauM(ElmConfig.builder(4, 1).numMemory(5).memoryTauMaxMs(1000).build());
        assertEquals(Float.POSITIVE_INFINITY, proto[4]);
        assertTrue(Float.isFinite(proto[0]) && proto[0] < proto[1]);
    }

    @Test
    void neuronioRoutingHasItsQuirksForOddInputs() {
        // d_in 5, 2 branches x 3: window ceil(5/2) = 3; interlace I = [0, 2, 1, 3, 4]... I(j) = (j % 2) * 2 + j / 2
        NeuronioRouting r = NeuronioRouting.of(5, 2, 3);
        // branch 0: p = 0,1,2 -> I = 0, 2, 1 ; branch 1: p = 3,4,5 -> I(3) = 3, I(4) = 2, p 5 invalid -> I(4) = 2
        assertArrayEquals(new int[] {0, 2, 1, 3, 2, 2}, r.synapseInput());
        assertArrayEquals(new boolean[] {true, true, true, true, true, false}, r.synapseValid());
        // channel 4 (the last, odd d_in) is never routed; channel 2 is routed twice.
    }

    @Test
    void parameterCountsMatchTheReference() throws Exception {
        assertEquals(8002, ElmModel.initialise(ElmConfig.builder(1278, 2).numMemory(20).numBranch(45)
            .numSynapsePerBranch(100).routing(Routing.NEURONIO).memoryTauMaxMs(150).build(), 0)
            .trainableParameterCount());
        // Golden cases: counts printed by the reference (torch) for each.
        String[][] expected = {{"synthetic-branch", "266"}, {"synthetic-plain", "851"},
            {"synthetic-random-routing", "225"}, {"synthetic-silu2", "1952"}, {"v2-branch", "398"}};
        for (String[] e : expected) {
            assertEquals(Long.parseLong(e[1]), ModelDirectory.load(ReferenceData.goldenElm(e[0])).trainableParameterCount(), e[0]);
        }
    }

    @Test
    void publishedParameterCountsMatchTheReference() throws Exception {
        Path models = ReferenceData.require("models");
        ObjectMapper json = new ObjectMapper();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            JsonNode stats = json.readTree(dir.resolve("model_stats.json").toFile());
            ElmModel model = ModelDirectory.load(dir);
            assertEquals(stats.get("model_param_count").asLong(), model.trainableParameterCount(), dir.toString());
        }
        assertEquals(5852, ModelDirectory.load(ReferenceData.goldenElm("num_memory_10")).trainableParameterCount());
    }

    @Test
    void modelDirectoryNeedsExactlyOneStateDict(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model_config.json"), SMALL.toReferenceJson());
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir)).getMessage()
            .contains("no state dict"));
        ModelDirectory.save(ElmModel.initialise(SMALL, 3), dir);
        Files.copy(dir.resolve("model_state.pt"), dir.resolve("other.pt"));
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir)).getMessage()
            .contains("exactly one state dict, found 2"));
    }
}
