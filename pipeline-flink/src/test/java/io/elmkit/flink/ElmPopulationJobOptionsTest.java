package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ElmPopulationJob.Options: the defaults of `elmkit flink`, and settings out of range refused at build(). */
class ElmPopulationJobOptionsTest {

    @Test
    void defaultsAndSettingsAreKept() {
        ElmPopulationJob.Options d = ElmPopulationJob.Options.builder().build();
        assertEquals(new ElmPopulationJob.Options(1, 1, 0, 0, Double.NaN, 2, 0), d);
        ElmPopulationJob.Options o = ElmPopulationJob.Options.builder().parallelism(4).neurons(3).checkpointMs(500)
            .maxOutOfOrderSteps(7).spikeThreshold(0.5).refractorySteps(0).build();
        assertEquals(new ElmPopulationJob.Options(4, 3, 500, 7, 0.5, 0, 0), o);
    }

    @Test
    void settingsOutOfRangeNameTheirOption() {
        assertEquals("--parallelism: expected 1 .. 128, found 129", refused(ElmPopulationJob.Options.builder()
            .parallelism(ElmPopulationJob.MAX_PARALLELISM + 1)));
        assertTrue(refused(ElmPopulationJob.Options.builder().neurons(0)).startsWith("--neurons:"));
        assertTrue(refused(ElmPopulationJob.Options.builder().checkpointMs(-1)).startsWith("--checkpoint-ms:"));
        assertTrue(refused(ElmPopulationJob.Options.builder().maxOutOfOrderSteps(-1)).startsWith("--max-out-of-order-steps:"));
        assertTrue(refused(ElmPopulationJob.Options.builder().refractorySteps(-1)).startsWith("--refractory-steps:"));
        assertTrue(refused(ElmPopulationJob.Options.builder().maxLiveNeurons(-1)).startsWith("--max-live-neurons:"));
        assertTrue(refused(ElmPopulationJob.Options.builder().spikeThreshold(Double.POSITIVE_INFINITY))
            .startsWith("--spike-threshold:"));
    }

    private static String refused(ElmPopulationJob.Options.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }
}
