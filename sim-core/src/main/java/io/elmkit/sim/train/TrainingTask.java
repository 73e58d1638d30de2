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

    /** The training batches of one epoch, in order. */
    @FunctionalInterface
    interface EpochBatches {
        /**
         * The next batch.
         *
         * @return the next batch, or null at the end of the epoch
         */
        TrainingBatch next();
    }

    /**
     * The metric that picks {@code best/}.
     *
     * @param metric its index in {@link #metricNames()}
     * @param stateKey the best score's name in the resume state (e.g. best_validation_accuracy)
     * @param higherIsBetter true for an accuracy, false for an error
     */
    record Best(int metric, String stateKey, boolean higherIsBetter) {
        /**
         * Whether a score improves on the best so far.
         *
         * @param value this epoch's score
         * @param best the best score so far
         * @return whether {@code value} beats {@code best} (NaN never does)
         */
        public boolean improves(double value, double best) {
            return higherIsBetter ? value > best : value < best;
        }

        /**
         * The best score before any epoch.
         *
         * @return a score every number beats
         */
        public double none() {
            return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The metrics measured after each epoch.
     *
     * @return the curve's columns between train_loss and seconds, e.g. train_accuracy, validation_accuracy
     */
    List<String> metricNames();

    /**
     * Which metric keeps {@code best/}.
     *
     * @return the metric, its name in the resume state and its sense
     */
    Best best();

    /**
     * Training batches per epoch.
     *
     * @return the optimiser steps of one epoch (the learning-rate schedule spans epochs x this many)
     */
    int batchesPerEpoch();

    /**
     * The batches of one epoch. A task draws them from a random stream of that epoch's own, so that a
     * run resumed after epoch e draws exactly what an uninterrupted one would.
     *
     * @param epoch the epoch, 1-based
     * @return its batches
     */
    EpochBatches epoch(int epoch);

    /**
     * The metrics after an epoch.
     *
     * @param model the model as trained so far
     * @param epoch the epoch just trained, 1-based
     * @param log where progress lines go
     * @return the metrics, in the order of {@link #metricNames()}
     * @throws InterruptedException when interrupted
     */
    double[] evaluate(ElmModel model, int epoch, PrintStream log) throws InterruptedException;

    /**
     * The middle of the epoch's log line.
     *
     * @param trainLoss the epoch's mean training loss
     * @param metrics the epoch's metrics
     * @param improved whether best/ was replaced
     * @return e.g. "train loss 0.41, train acc 0.80, validation acc 0.82 (chance 0.05)"
     */
    String summary(double trainLoss, double[] metrics, boolean improved);
}
