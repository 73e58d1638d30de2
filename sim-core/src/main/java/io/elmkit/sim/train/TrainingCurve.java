package io.elmkit.sim.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A run's learning curve so far: per epoch the mean training loss, the task's metrics and the
 * seconds the epoch took (training and evaluation).
 */
public final class TrainingCurve {
    /**
     * One epoch.
     *
     * @param epoch the epoch, 1-based
     * @param trainLoss its mean training loss
     * @param metrics its metrics, in the order of {@link #metricNames()}
     * @param seconds how long it took, training and evaluation
     */
    public record Row(int epoch, double trainLoss, double[] metrics, double seconds) {
    }

    private final List<String> metricNames;
    private final List<Row> rows = new ArrayList<>();

    TrainingCurve(List<String> metricNames) {
        this.metricNames = List.copyOf(metricNames);
    }

    /** @return the metrics' names, in the order of each row's metrics */
    public List<String> metricNames() {
        return metricNames;
    }

    /** @return the epochs so far, in order */
    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    void add(Row row) {
        rows.add(row);
    }

    /** @return the epoch numbers */
    public double[] epochs() {
        return column(r -> r.epoch());
    }

    /** @return the mean training losses */
    public double[] trainLoss() {
        return column(Row::trainLoss);
    }

    /**
     * One metric over the epochs.
     *
     * @param name one of {@link #metricNames()}
     * @return its values, one per epoch
     */
    public double[] metric(String name) {
        int i = metricNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no metric " + name + " in " + metricNames);
        }
        return column(r -> r.metrics()[i]);
    }

    private double[] column(java.util.function.ToDoubleFunction<Row> value) {
        double[] c = new double[rows.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = value.applyAsDouble(rows.get(i));
        }
        return c;
    }

    /** As stored in the resume state: epoch, train loss, metrics..., seconds. */
    double[][] toArrays() {
        double[][] a = new double[rows.size()][];
        for (int i = 0; i < a.length; i++) {
            Row r = rows.get(i);
            double[] row = new double[metricNames.size() + 3];
            row[0] = r.epoch();
            row[1] = r.trainLoss();
            System.arraycopy(r.metrics(), 0, row, 2, r.metrics().length);
            row[row.length - 1] = r.seconds();
            a[i] = row;
        }
        return a;
    }

    /** The inverse of {@link #toArrays()}. */
    void addArrays(double[][] saved) {
        for (double[] r : saved) {
            add(new Row((int) r[0], r[1], java.util.Arrays.copyOfRange(r, 2, r.length - 1), r[r.length - 1]));
        }
    }

    /** The CSV text: header epoch,train_loss,METRICS,seconds; losses and metrics with 6 decimals. */
    String toCsv() {
        StringBuilder csv = new StringBuilder("epoch,train_loss,").append(String.join(",", metricNames))
            .append(",seconds\n");
        for (Row r : rows) {
            csv.append(r.epoch()).append(String.format(java.util.Locale.ROOT, ",%.6f", r.trainLoss()));
            for (double m : r.metrics()) {
                csv.append(String.format(java.util.Locale.ROOT, ",%.6f", m));
            }
            csv.append(String.format(java.util.Locale.ROOT, ",%.2f%n", r.seconds()));
        }
        return csv.toString();
    }
}
