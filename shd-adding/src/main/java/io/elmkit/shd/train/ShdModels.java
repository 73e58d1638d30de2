package io.elmkit.shd.train;

import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;

/** What the SHD tasks share: the model they train and how a class is read off its last output. */
public final class ShdModels {
    private ShdModels() {
    }

    /**
     * A freshly initialised ELM for an SHD task: every channel one synapse, {@code numBranch}
     * branches (all channels when null; must divide them), dt = the bin size.
     */
    public static ElmModel initial(int channels, int classes, int numMemory, Integer numBranch, double tauMinMs,
                            double tauMaxMs, double binMs, long seed) {
        int branches = numBranch != null ? numBranch : channels;
        if (branches <= 0 || channels % branches != 0) {
            throw new IllegalArgumentException("--branches " + branches + " must divide the " + channels + " channels");
        }
        ElmConfig config = ElmConfig.builder(channels, classes).numMemory(numMemory).numBranch(branches)
            .numSynapsePerBranch(channels / branches).memoryTauMinMs(tauMinMs).memoryTauMaxMs(tauMaxMs)
            .deltaTMs(binMs).build();
        return ElmModel.initialise(config, seed);
    }

    /** The class with the largest last-step output of sample {@code i} in outputs (B, T, classes). */
    public static int predictedClass(float[] y, int i, int steps, int classes) {
        int base = (i * steps + steps - 1) * classes;
        int arg = 0;
        for (int c = 1; c < classes; c++) {
            if (y[base + c] > y[base + arg]) {
                arg = c;
            }
        }
        return arg;
    }
}
