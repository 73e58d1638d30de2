package io.elmkit.l5pc.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npz;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ROC, AUC, TP/AUC at a false-positive rate and soma errors against scikit-learn (fixture made by sklearn 1.2). */
class MetricsAgainstSklearnTest {

    static Map<String, NdArray> fixture() throws Exception {
        return Npz.read(Path.of(MetricsAgainstSklearnTest.class.getResource("/eval/roc_cases.npz").toURI()));
    }

    static boolean[] booleans(NdArray a) {
        boolean[] b = new boolean[a.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = a.getDouble(i) != 0;
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void matchesScikitLearn(int c) throws Exception {
        Map<String, NdArray> f = fixture();
        RocCurve roc = RocCurve.of(f.get("s" + c).toDoubleArray(), booleans(f.get("y" + c)));
        assertArrayEquals(f.get("fpr" + c).toDoubleArray(), roc.falsePositiveRates(), 1e-12, "fpr case " + c);
        assertArrayEquals(f.get("tpr" + c).toDoubleArray(), roc.truePositiveRates(), 1e-12, "tpr case " + c);
        double[] m = f.get("metrics" + c).toDoubleArray();
        assertEquals(m[0], roc.auc(), 1e-12, "AUC");
        assertEquals(m[1], roc.truePositiveRateAt(0.0025), 1e-12, "TP @ 0.0025 FP");
        assertEquals(m[2], roc.truePositiveRateAt(0.01), 1e-12, "TP @ 0.01 FP");
        assertEquals(m[3], roc.partialAucAt(0.0025), 1e-12, "AUC @ 0.0025 FP");
        assertEquals(m[4], roc.partialAucAt(0.01), 1e-12, "AUC @ 0.01 FP");
        RegressionMetrics r = RegressionMetrics.of(f.get("target" + c).toDoubleArray(), f.get("pred" + c).toDoubleArray());
        assertEquals(m[5], r.rmse(), 1e-12, "RMSE");
        assertEquals(m[6], r.mae(), 1e-12, "MAE");
        assertEquals(m[7], r.explainedVariance(), 1e-12, "explained variance");
    }

    @Test
    void tiesCountHalfAndOneClassIsAnError() {
        // All scores equal: one ROC point after (0, 0), the diagonal, AUC exactly 0.5.
        RocCurve tie = RocCurve.of(new double[] {0.3, 0.3, 0.3, 0.3}, new boolean[] {true, false, false, true});
        assertEquals(0.5, tie.auc(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {false, false}));
        assertEquals("ROC needs both positive and negative samples: 0 positives, 2 negatives", e.getMessage());
    }
}
