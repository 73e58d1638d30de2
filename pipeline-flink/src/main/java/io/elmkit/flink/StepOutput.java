package io.elmkit.flink;

/**
 * The outputs of one stream's neurons at one step (a Flink POJO): {@code output} holds neuron k's
 * num_output values at {@code k * numOutput}; {@code spikes} the neurons (0 .. neurons - 1, in
 * increasing order) that spiked at this step by the job's spike rule.
 */
public final class StepOutput extends StreamStep {
    /** Outputs per neuron. */
    public int numOutput;
    /** Outputs of the stream's neurons, neuron k at {@code k * numOutput}. */
    public float[] output = new float[0];
    /** Neurons that spiked at this step, in increasing order. */
    public int[] spikes = new int[0];

    /** An empty record, for Flink's serialiser. */
    public StepOutput() {
    }

    /** The outputs of {@code stream}'s neurons at {@code step}. */
    public StepOutput(int stream, long step, int numOutput, float[] output, int[] spikes) {
        this.stream = stream;
        this.step = step;
        this.numOutput = numOutput;
        this.output = output;
        this.spikes = spikes;
    }

    /** The marker of the end of {@code stream}, after its outputs of steps 0 .. steps - 1. */
    public static StepOutput end(int stream, long steps) {
        StepOutput o = new StepOutput();
        o.markEnd(stream, steps);
        return o;
    }

    /** Neurons whose outputs this record holds. */
    public int neurons() {
        return numOutput == 0 ? 0 : output.length / numOutput;
    }

    @Override
    String describeStep() {
        return "outputs (stream " + stream + ", step " + step + ", " + neurons() + " neurons)";
    }
}
