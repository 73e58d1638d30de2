package io.elmkit.sim.model;

/**
 * The reference's {@code neuronio_routing}, quirks included (docs/model.md, Routing): inputs are interlaced
 * (excitatory 0, inhibitory 0, excitatory 1, ...), branch w reads the window starting at
 * w * ceil(d_in / d_b), and positions past the last input are masked out. For odd d_in the last
 * channel is never routed and some channels are routed twice.
 */
public final class NeuronioRouting {
    private final int[] synapseInput;
    private final boolean[] synapseValid;

    private NeuronioRouting(int[] synapseInput, boolean[] synapseValid) {
        this.synapseInput = synapseInput;
        this.synapseValid = synapseValid;
    }

    /** The routing for these sizes, as the reference builds it. */
    public static NeuronioRouting of(int numInput, int numBranch, int synapsesPerBranch) {
        int half = numInput / 2;
        int window = (numInput + numBranch - 1) / numBranch;
        int[] index = new int[numBranch * synapsesPerBranch];
        boolean[] valid = new boolean[index.length];
        for (int w = 0; w < numBranch; w++) {
            for (int e = 0; e < synapsesPerBranch; e++) {
                long p = (long) w * window + e;
                int s = w * synapsesPerBranch + e;
                valid[s] = p < numInput;
                int j = (int) Math.min(p, numInput - 1);
                index[s] = (j % 2) * half + j / 2;
            }
        }
        return new NeuronioRouting(index, valid);
    }

    /** Input channel read by each synapse. */
    public int[] synapseInput() {
        return synapseInput.clone();
    }

    /** Whether each synapse's input counts (false: multiplied by 0). */
    public boolean[] synapseValid() {
        return synapseValid.clone();
    }
}
