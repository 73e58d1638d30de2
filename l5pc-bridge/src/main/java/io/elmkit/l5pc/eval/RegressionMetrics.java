package io.elmkit.l5pc.eval;

/**
 * Soma-voltage error measures of the reference NeuronIO evaluation: RMSE, MAE and scikit-learn's
 * explained variance, {@code 1 - Var(y - y_hat) / Var(y)} with population variances.
 * Sums run in double with a compensated (Kahan) sum so millions of samples lose nothing.
 *
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param explainedVariance explained variance as a fraction (the reference reports it times 100, in percent)
 */
public record RegressionMetrics(double rmse, double mae, double explainedVariance) {
    /** Metrics of {@code predicted} against {@code target} (same length, at least one value). */
    public static RegressionMetrics of(double[] target, double[] predicted) {
        int n = EvalArrays.sameLength("target", target.length, "predicted", predicted.length);
        if (n == 0) {
            throw new IllegalArgumentException("no values to compare");
        }
        double meanTarget = mean(target, null);
        double meanResidual = mean(target, predicted);
        KahanSum squared = new KahanSum();
        KahanSum absolute = new KahanSum();
        KahanSum residualVar = new KahanSum();
        KahanSum targetVar = new KahanSum();
        for (int i = 0; i < n; i++) {
            double r = target[i] - predicted[i];
            squared.add(r * r);
            absolute.add(Math.abs(r));
            double centred = r - meanResidual;
            residualVar.add(centred * centred);
            double t = target[i] - meanTarget;
            targetVar.add(t * t);
        }
        double denominator = targetVar.sum() / n;
        double numerator = residualVar.sum() / n;
        // sklearn: a constant target gives 1 when predicted exactly, else 0.
        double explained = denominator != 0 ? 1.0 - numerator / denominator : (numerator == 0 ? 1.0 : 0.0);
        return new RegressionMetrics(Math.sqrt(squared.sum() / n), absolute.sum() / n, explained);
    }

    private static double mean(double[] a, double[] minus) {
        KahanSum s = new KahanSum();
        for (int i = 0; i < a.length; i++) {
            s.add(minus == null ? a[i] : a[i] - minus[i]);
        }
        return s.sum() / a.length;
    }

    /** Neumaier's variant of Kahan summation. */
    private static final class KahanSum {
        private double sum;
        private double compensation;

        void add(double v) {
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) {
                compensation += (sum - t) + v;
            } else {
                compensation += (v - t) + sum;
            }
            sum = t;
        }

        double sum() {
            return sum + compensation;
        }
    }
}
