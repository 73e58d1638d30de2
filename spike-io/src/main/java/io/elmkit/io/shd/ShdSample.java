package io.elmkit.io.shd;

/** One decoded SHD sample: spike times in seconds and their channels, parallel arrays of equal length. */
record ShdSample(float[] timesSeconds, int[] units) {
}
