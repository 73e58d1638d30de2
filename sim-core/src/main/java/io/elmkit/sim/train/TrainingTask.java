package io.elmkit.sim.train;

import io.elmkit.sim.model.ElmModel;
import java.io.PrintStream;
import java.util.List;

/**
 * What one task (SHD, SHD-Adding, NeuronIO, ...) gives the {@link TrainingLoop}: its training
 * batches, its loss (inside each batch), the metrics measured after each epoch and which of them
 * picks the best checkpoint. Everything else (epochs, optimiser steps, checkpoints, resume state,
 * curves, progress, stop-after-epoch) is the loop's.
 */
public interface TrainingTask {

    /** The training batches of one epoch, in order; null ends the epoch. */
    @FunctionalInterface
    interface EpochBatches {
        TrainingBatch next();
    }

    /** The metric that picks {@code best/}: its index in {@link #metricNames()}, its key in the state file and its sense. */
    record Best(int metric, String stateKey, boolean higherIsBetter) {
        /** Whether {@code value} beats {@code best} (NaN never does). */
        public boolean improves(double value, double best) {
            return higherIsBetter ? value > best : value < best;
        }

        /** The score before any epoch: every number beats it. */
        public double none() {
            return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
    }

    /** The curve's columns between train_loss and seconds, e.g. train_accuracy, validation_accuracy. */
    List<String> metricNames();

    /** Which metric keeps {@code best/}. */
    Best best();

    /** Training batches per epoch (the schedule spans epochs x this many optimiser steps). */
    int batchesPerEpoch();

    /**
     * The batches of {@code epoch} (1-based). A task draws them from a random stream of that epoch's
     * own, so that a run resumed after epoch e draws exactly what an uninterrupted one would.
     */
    EpochBatches epoch(int epoch);

    /** The metrics of {@code model} after {@code epoch}, in the order of {@link #metricNames()}; progress to log. */
    double[] evaluate(ElmModel model, int epoch, PrintStream log) throws InterruptedException;

    /** The middle of the epoch's log line, e.g. "train loss 0.41, validation acc 0.82 (chance 0.05)". */
    String summary(double trainLoss, double[] metrics, boolean improved);
}
