package io.elmkit.l5pc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecisionThresholdsTest {

    /** False positive rate of "spike where score >= threshold", counted from the scores themselves. */
    private static double fpRate(double[] scores, boolean[] positives, double threshold) {
        long fp = 0;
        long negatives = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!positives[i]) {
                negatives++;
                fp += scores[i] >= threshold ? 1 : 0;
            }
        }
        return (double) fp / negatives;
    }

    private static double tpRate(double[] scores, boolean[] positives, double threshold) {
        long tp = 0;
        long pos = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positives[i]) {
                pos++;
                tp += scores[i] >= threshold ? 1 : 0;
            }
        }
        return (double) tp / pos;
    }

    @Test
    void thresholdsReproduceTheirRatesOnSyntheticScores() {
        SyntheticScores drawn = SyntheticScores.draw(7, 40_000, 0.01, 3);
        double[] scores = drawn.scores();
        boolean[] positives = drawn.positives();
        RocCurve roc = drawn.roc();
        for (DecisionThresholds.OperatingPoint p : DecisionThresholds.atFpRates(roc, DecisionThresholds.FP_RATES)) {
            assertEquals(p.fpRate(), fpRate(scores, positives, p.threshold()), 1e-12, "FP at " + p);
            assertEquals(p.tpRate(), tpRate(scores, positives, p.threshold()), 1e-12, "TP at " + p);
            // The ROC keeps only its corners (drop_intermediate): the point is the nearest corner.
            for (double f : roc.falsePositiveRates()) {
                assertTrue(Math.abs(f - p.nominalFpRate()) >= Math.abs(p.fpRate() - p.nominalFpRate()), "nearer: " + f);
            }
        }
    }

    @Test
    void spikeCountFollowsTheRunSpikeRule() {
        double[] p = {0.1, 0.6, 0.7, 0.8, 0.9, 0.2, 0.6, 0.1};
        assertEquals(2, DecisionThresholds.countSpikes(p, 0, 0.5, 2), "steps 1 and 4; 2, 3 and 5 refractory... 6 fires");
        assertEquals(5, DecisionThresholds.countSpikes(p, 0, 0.5, 0));
        assertEquals(1, DecisionThresholds.countSpikes(p, 5, 0.5, 2));
        assertEquals(0, DecisionThresholds.countSpikes(p, 0, 0.95, 2));
    }

    @Test
    void theRateThresholdFiresNeuronsCount() {
        Random rng = new Random(3);
        List<double[]> probability = new ArrayList<>();
        List<boolean[]> spikes = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            double[] p = new double[3000];
            boolean[] k = new boolean[3000];
            for (int i = 0; i < p.length; i++) {
                k[i] = rng.nextDouble() < 0.004;
                p[i] = 0.3 * rng.nextDouble() * rng.nextDouble() * rng.nextDouble();
            }
            probability.add(p);
            spikes.add(k);
        }
        DecisionThresholds.RateMatch m = DecisionThresholds.matchingRate(probability, spikes, 0, 2);
        long neuron = spikes.stream().mapToLong(k -> { long c = 0; for (boolean b : k) { c += b ? 1 : 0; } return c; }).sum();
        assertEquals(neuron, m.neuronSpikes());
        long recount = probability.stream().mapToLong(p -> DecisionThresholds.countSpikes(p, 0, m.threshold(), 2)).sum();
        assertEquals(recount, m.modelSpikes(), "the reported count is that of the reported threshold");
        assertTrue(m.modelSpikes() >= neuron && m.modelSpikes() <= neuron * 1.02 + 1,
            m.modelSpikes() + " spikes for NEURON's " + neuron);
        assertTrue(m.threshold() < 0.3 && m.threshold() > 0, "threshold " + m.threshold());
        assertEquals(m.threshold(), DecisionThresholds.roundDown(m.threshold(), 4), 0, "4 significant digits");
        assertEquals(15000, m.steps());
    }

    @Test
    void onL5pcDataThePublishedModelsThresholdsReproduceTheFpRates() throws Exception {
        Path file = ReferenceData.require("neuron/l5pc_seed101.p");
        NeuronioEvaluation.Result r = NeuronioEvaluation.evaluate(
            ModelDirectory.load(ReferenceData.require("models/num_memory_1")), List.of(file), 2,
            ProgressMeter.silent("simulations", 8));
        // Recompute the rates from the evaluated outputs: kept simulations without their first 500 ms.
        List<Double> s = new ArrayList<>();
        List<Boolean> l = new ArrayList<>();
        for (NeuronioEvaluation.Trace t : r.traces) {
            for (int i = NeuronioEvaluation.DROP_FIRST_MS; i < t.spikes().length; i++) {
                s.add(t.spikeProbability()[i]);
                l.add(t.spikes()[i]);
            }
        }
        double[] scores = s.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] positives = new boolean[l.size()];
        for (int i = 0; i < positives.length; i++) {
            positives[i] = l.get(i);
        }
        List<DecisionThresholds.OperatingPoint> points = r.operatingPoints();
        assertEquals(DecisionThresholds.FP_RATES.length, points.size());
        for (DecisionThresholds.OperatingPoint p : points) {
            assertEquals(p.fpRate(), fpRate(scores, positives, p.threshold()), 1e-12, "FP at " + p);
            assertEquals(p.tpRate(), tpRate(scores, positives, p.threshold()), 1e-12, "TP at " + p);
            assertTrue(Math.abs(p.fpRate() - p.nominalFpRate()) < 0.5 * p.nominalFpRate() + 1e-3, p.toString());
        }
        assertEquals(r.metrics.get("TP @ 0.0025 FP"), points.get(0).tpRate(), 0, "the metric reads the same point");
        assertEquals(r.metrics.get("TP @ 0.0100 FP"), points.get(2).tpRate(), 0);
        DecisionThresholds.RateMatch m = r.rateMatch(2);
        assertEquals(8, r.simulationCount());
        assertEquals(48_000, m.steps());
        assertEquals(89, m.neuronSpikes(), "NEURON's spikes in l5pc_seed101.p");
        assertTrue(m.modelSpikes() >= 89 && m.modelSpikes() <= 95, m.toString());
        assertTrue(m.threshold() < 0.5, "the published model never reaches 0.5: " + m);
    }
}
