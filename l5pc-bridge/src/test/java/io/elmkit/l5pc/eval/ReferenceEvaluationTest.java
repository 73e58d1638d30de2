package io.elmkit.l5pc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published models on l5pc_seed101.p reproduce ../shared/neuron/reference_eval.json to 1e-3. */
class ReferenceEvaluationTest {

    @ParameterizedTest
    @ValueSource(strings = {"num_memory_10", "num_memory_1"})
    void reproducesTheReferenceEvaluation(String model) throws Exception {
        Path file = ReferenceData.require("neuron/l5pc_seed101.p");
        JsonNode expected = new ObjectMapper().readTree(ReferenceData.require("neuron/reference_eval.json").toFile()).get(model);
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluate(ModelDirectory.load(ReferenceData.require("models/" + model)),
            List.of(file), 2, ProgressMeter.silent("simulations", 8));
        for (Map.Entry<String, Double> e : r.metrics.entrySet()) {
            assertEquals(expected.get(e.getKey()).asDouble(), e.getValue(), 1e-3, model + " " + e.getKey());
        }
        assertEquals(7, r.traces.size(), "simulations with 0..24 output spikes");
    }
}
