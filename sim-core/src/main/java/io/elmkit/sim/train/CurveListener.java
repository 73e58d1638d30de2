package io.elmkit.sim.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Told by the {@link TrainingLoop} after every epoch, once the curve file is written: e.g. draws the
 * learning curve (plotting lives outside sim-core). Declares the files it writes into the run
 * directory, so the loop checks them before the first epoch with its own.
 */
public interface CurveListener {
    /**
     * The files this listener writes.
     *
     * @return names of the files written into the run directory
     */
    List<String> files();

    /**
     * Called after each epoch.
     *
     * @param runDirectory the run's output directory
     * @param curve the curve so far: every epoch, resumed ones included
     * @param bestEpoch the epoch kept in best/ (-1: none yet)
     * @throws IOException when a file cannot be written (the run stops)
     */
    void epochEnded(Path runDirectory, TrainingCurve curve, int bestEpoch) throws IOException;
}
