package io.elmkit.l5pc.eval;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.l5pc.neuronio.NeuronioEncoding;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import io.elmkit.l5pc.neuronio.TraceFile;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference NeuronIO evaluation (docs/tasks.md, Evaluation): per simulation, windows of 500 steps with
 * 150 steps of burn-in, each a separate forward from zero state; spike prediction sigmoid(y0),
 * soma prediction 10 * y1 z-scored onto the target's mean and std over the whole file; then only
 * simulations with 0..24 output spikes, without their first 500 ms, enter the metrics.
 */
public final class NeuronioEvaluation {
    /** Steps of one evaluation window, each a forward from zero state. */
    public static final int WINDOW = 500;
    /** Steps at the start of a window (but the first) whose predictions are not used. */
    public static final int BURN_IN = 150;
    /** Milliseconds at the start of a simulation left out of the metrics. */
    public static final int DROP_FIRST_MS = 500;
    /** Simulations with more output spikes are left out of the metrics. */
    public static final int MAX_OUTPUT_SPIKES = 24;

    private final List<Trace> traces = new ArrayList<>();
    /** p(spike) and NEURON's spikes of every simulation (kept or not), for the rate-matched threshold. */
    private final List<double[]> allProbability = new ArrayList<>();
    private final List<boolean[]> allSpikes = new ArrayList<>();

    /**
     * Predicted and simulated traces of one kept simulation (all steps), for plots.
     *
     * @param file the file the simulation came from
     * @param simulation the simulation's index in its file
     * @param spikeProbability predicted p(spike) per step
     * @param spikes NEURON's output spikes per step
     * @param somaPredictedMv predicted soma voltage per step (mV, mapped onto the target's mean and std)
     * @param somaTargetMv target soma voltage per step: clip(v, max -55) + 67.7 mV
     */
    public record Trace(String file, int simulation, double[] spikeProbability, boolean[] spikes, double[] somaPredictedMv,
                        double[] somaTargetMv) {
    }

    /** The evaluation of a model over files: metrics and the traces behind them. */
    public static final class Result {
        /** The metrics by name, as the reference reports them. */
        public final Map<String, Double> metrics;
        /** The ROC curve, or null when the evaluated steps hold no output spike (or no silent step). */
        public final RocCurve roc;
        /** The kept simulations' traces. */
        public final List<Trace> traces;

        private final List<double[]> allProbability;
        private final List<boolean[]> allSpikes;

        Result(Map<String, Double> metrics, RocCurve roc, List<Trace> traces, List<double[]> allProbability,
               List<boolean[]> allSpikes) {
            this.metrics = metrics;
            this.roc = roc;
            this.traces = traces;
            this.allProbability = allProbability;
            this.allSpikes = allSpikes;
        }

        /**
         * Thresholds on p(spike) at {@link DecisionThresholds#FP_RATES} (empty without a ROC), on
         * the evaluated steps.
         */
        public List<DecisionThresholds.OperatingPoint> operatingPoints() {
            return roc == null ? List.of() : DecisionThresholds.atFpRates(roc, DecisionThresholds.FP_RATES);
        }

        /**
         * The threshold at which {@code run}'s spike rule with {@code refractorySteps} fires NEURON's
         * number of spikes on the whole data as {@code run} streams it: every simulation of the files
         * (also those with more than 24 spikes, which the metrics leave out), every step.
         */
        public DecisionThresholds.RateMatch rateMatch(int refractorySteps) {
            return DecisionThresholds.matchingRate(allProbability, allSpikes, 0, refractorySteps);
        }

        /** Number of simulations behind {@link #rateMatch} (all of the files). */
        public int simulationCount() {
            return allProbability.size();
        }
    }

    /** Number of windows for a simulation of {@code lengthMs}: int(2 + (L - 500) / 350). */
    public static int windowCount(int lengthMs) {
        return (int) (2 + (lengthMs - WINDOW) / (double) (WINDOW - BURN_IN));
    }

    /** Evaluates a model on NeuronIO files (predictions concatenated, soma normalised per file). */
    public static Result evaluate(ElmModel model, List<Path> files, int threads, ProgressMeter progress)
        throws IOException, InterruptedException {
        NeuronioEvaluation e = new NeuronioEvaluation();
        for (Path f : files) {
            e.addFile(model, f, threads, progress);
        }
        return e.result();
    }

    /**
     * Evaluates a model on simulations already in memory, grouped as files are (soma normalised per
     * group): the same metrics as {@link #evaluate} on the files they came from.
     */
    public static Result evaluateSimulations(ElmModel model, Map<String, List<NeuronioSimulation>> groups, int threads,
                                             ProgressMeter progress) throws InterruptedException {
        NeuronioEvaluation e = new NeuronioEvaluation();
        for (Map.Entry<String, List<NeuronioSimulation>> g : groups.entrySet()) {
            e.addSimulations(model, g.getKey(), g.getValue(), threads, progress);
        }
        return e.result();
    }

    private void addFile(ElmModel model, Path file, int threads, ProgressMeter progress)
        throws IOException, InterruptedException {
        List<NeuronioSimulation> sims = new ArrayList<>();
        TraceFile.readAny(file, sims::add);
        addSimulations(model, file.getFileName().toString(), sims, threads, progress);
    }

    private void addSimulations(ElmModel model, String file, List<NeuronioSimulation> sims, int threads,
                                ProgressMeter progress) throws InterruptedException {
        if (sims.isEmpty()) {
            throw new IllegalArgumentException(file + ": no simulations");
        }
        for (NeuronioSimulation sim : sims) {
            int segments = sim.numSegments();
            if (2 * segments != model.numInput()) {
                throw new IllegalArgumentException(sim.describe() + ": " + segments + " segments give " + 2 * segments
                    + " input channels, but the model's num_input is " + model.numInput());
            }
        }
        int channels = model.numInput();
        List<double[]> probability = new ArrayList<>();
        List<double[]> somaRaw = new ArrayList<>();
        for (NeuronioSimulation sim : sims) {
            int length = sim.durationMs();
            int windows = windowCount(length);
            float[] x = new float[windows * WINDOW * channels];
            for (int k = 0; k < windows; k++) {
                NeuronioEncoding.input(sim, k * (WINDOW - BURN_IN), WINDOW, x, k * WINDOW * channels);
            }
            float[] y = BatchForward.run(model, StepperKind.EVENT, x, windows, WINDOW, threads);
            double[] p = new double[length];
            double[] v = new double[length];
            int dO = model.numOutput();
            for (int k = 0; k < windows; k++) {
                int start = k * (WINDOW - BURN_IN);
                int from = k == 0 ? 0 : BURN_IN;
                for (int w = from; w < WINDOW && start + w < length; w++) {
                    int at = (k * WINDOW + w) * dO;
                    p[start + w] = 1.0 / (1.0 + Math.exp(-y[at]));
                    v[start + w] = 10.0 * (double) y[at + 1];
                }
            }
            probability.add(p);
            somaRaw.add(v);
            progress.advance(1);
        }
        // Soma: z-score the predictions over the whole file, map onto the target's mean and std.
        double[] predStats = meanStd(somaRaw);
        List<double[]> targets = new ArrayList<>();
        for (NeuronioSimulation sim : sims) {
            double[] t = new double[sim.durationMs()];
            float[] mv = sim.somaVoltageMv();
            for (int i = 0; i < t.length; i++) {
                t[i] = NeuronioEncoding.evalSoma(mv[i]);
            }
            targets.add(t);
        }
        double[] targetStats = meanStd(targets);
        for (int s = 0; s < sims.size(); s++) {
            NeuronioSimulation sim = sims.get(s);
            allProbability.add(probability.get(s));
            allSpikes.add(NeuronioEncoding.spikeRaster(sim));
            if (sim.outputSpikesMs().length > MAX_OUTPUT_SPIKES) {
                continue;
            }
            double[] v = somaRaw.get(s);
            double[] mapped = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                mapped[i] = (v[i] - predStats[0]) / predStats[1] * targetStats[1] + targetStats[0];
            }
            traces.add(new Trace(file, sim.index(), probability.get(s),
                NeuronioEncoding.spikeRaster(sim), mapped, targets.get(s)));
        }
    }

    /** Population mean and standard deviation over all values of all arrays (numpy mean/std). */
    private static double[] meanStd(List<double[]> arrays) {
        double sum = 0;
        long n = 0;
        for (double[] a : arrays) {
            for (double v : a) {
                sum += v;
            }
            n += a.length;
        }
        double mean = sum / n;
        double sq = 0;
        for (double[] a : arrays) {
            for (double v : a) {
                sq += (v - mean) * (v - mean);
            }
        }
        return new double[] {mean, Math.sqrt(sq / n)};
    }

    private Result result() {
        int total = 0;
        for (Trace t : traces) {
            total += Math.max(0, t.spikes().length - DROP_FIRST_MS);
        }
        if (total == 0) {
            throw new IllegalArgumentException("no simulation with 0.." + MAX_OUTPUT_SPIKES
                + " output spikes and more than " + DROP_FIRST_MS + " ms to evaluate");
        }
        double[] scores = new double[total];
        boolean[] labels = new boolean[total];
        double[] somaTarget = new double[total];
        double[] somaPred = new double[total];
        int at = 0;
        for (Trace t : traces) {
            for (int i = DROP_FIRST_MS; i < t.spikes().length; i++) {
                scores[at] = t.spikeProbability()[i];
                labels[at] = t.spikes()[i];
                somaTarget[at] = t.somaTargetMv()[i];
                somaPred[at] = t.somaPredictedMv()[i];
                at++;
            }
        }
        boolean anySpike = false;
        boolean anySilence = false;
        for (boolean l : labels) {
            anySpike |= l;
            anySilence |= !l;
        }
        // Silent simulations are common in thin data: without a positive (or a negative) step the
        // ROC is undefined; the spike metrics are then NaN (as sklearn's), the soma ones still hold.
        RocCurve roc = anySpike && anySilence ? RocCurve.of(scores, labels) : null;
        RegressionMetrics soma = RegressionMetrics.of(somaTarget, somaPred);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("AUC", roc != null ? roc.auc() : Double.NaN);
        m.put("soma_RMSE", soma.rmse());
        m.put("soma_MAE", soma.mae());
        m.put("soma_explained_variance_percent", 100.0 * soma.explainedVariance());
        m.put("TP @ 0.0025 FP", roc != null ? roc.truePositiveRateAt(0.0025) : Double.NaN);
        m.put("TP @ 0.0100 FP", roc != null ? roc.truePositiveRateAt(0.01) : Double.NaN);
        m.put("AUC @ 0.0025 FP", roc != null ? roc.partialAucAt(0.0025) : Double.NaN);
        m.put("AUC @ 0.0100 FP", roc != null ? roc.partialAucAt(0.01) : Double.NaN);
        return new Result(m, roc, traces, allProbability, allSpikes);
    }
}
