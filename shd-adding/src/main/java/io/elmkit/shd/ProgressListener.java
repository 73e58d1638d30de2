package io.elmkit.shd;

/** Told after each batch written, for progress reports (pairs per second, ETA). */
@FunctionalInterface
public interface ProgressListener {
    /** No reports. */
    ProgressListener NONE = (done, total) -> { };

    /** {@code pairsDone} of {@code pairsTotal} pairs are written. */
    void onProgress(long pairsDone, long pairsTotal);
}
