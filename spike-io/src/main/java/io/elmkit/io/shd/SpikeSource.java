package io.elmkit.io.shd;

/** Where the spikes of an SHD file's samples are read from: one sample decoded per call. */
interface SpikeSource {

    /** Number of samples. */
    int size();

    /**
     * Sample {@code index}, decoded; the arrays may be shared with a cache, callers copy them before
     * handing them out.
     *
     * @throws ShdInputException naming the file and the dataset element when it cannot be read
     */
    ShdSample read(int index);
}
