package io.elmkit.io.shd;

/**
 * Random access to labelled spike samples in the SHD layout: per sample, spike times in seconds
 * and the channel (unit) of each spike. Implemented by the SHD HDF5 reader (lazily, one sample
 * decoded per call) and by in-memory sources; consumed by SHD tasks and the SHD-Adding generator.
 */
public interface ShdSamples {

    /** Number of samples. */
    int size();

    /** Number of input channels (700 for SHD). */
    int numChannels();

    /** Class label of sample {@code index}. */
    int label(int index);

    /**
     * Spike times of sample {@code index} in seconds, as stored (float16 values widened exactly to
     * float for real SHD files), in file order.
     */
    float[] timesSeconds(int index);

    /** Channels of the spikes of sample {@code index}, parallel to {@link #timesSeconds(int)}. */
    int[] units(int index);

    /** Where the samples come from (file path or a description), for error messages. */
    String source();
}
