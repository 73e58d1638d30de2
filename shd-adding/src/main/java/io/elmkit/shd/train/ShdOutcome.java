package io.elmkit.shd.train;

import io.elmkit.sim.train.TrainingCurve;
import java.nio.file.Path;

/**
 * What an SHD or SHD-Adding run produced: the learning curve, the best validation accuracy and its
 * epoch (kept in {@code bestModel}), and that checkpoint's test accuracy (NaN when the run stopped
 * early, before the test).
 */
public record ShdOutcome(TrainingCurve curve, double bestValidationAccuracy, int bestEpoch, double testAccuracy,
                         Path bestModel) {
}
