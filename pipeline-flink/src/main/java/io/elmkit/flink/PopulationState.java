package io.elmkit.flink;

/**
 * What the job keeps per input stream in Flink keyed state (a Flink POJO, so it is checkpointed,
 * restored after a failure and redistributed on rescaling by Flink's own serialiser): the ELM state
 * of the stream's neurons, their refractory counters and how far the stream has been computed.
 */
public final class PopulationState {
    /** The next step to compute: steps before it are done and emitted. */
    public long nextStep;
    /** The stream's number of steps once its end-of-stream record arrived, else -1. */
    public long endSteps = -1;
    /** The latest step any record of the stream carried (-1: none yet). */
    public long maxStepSeen = -1;
    /** Neuron k's state (ElmStepper.saveNeuronState) at {@code k * stateLength}. */
    public double[] neuronState = new double[0];
    /** Silent steps left per neuron after a spike. */
    public int[] refractoryLeft = new int[0];

    /** Empty state, for Flink's serialiser. */
    public PopulationState() {
    }

    static PopulationState fresh(int neurons, int stateLength) {
        PopulationState s = new PopulationState();
        s.neuronState = new double[neurons * stateLength];
        s.refractoryLeft = new int[neurons];
        return s;
    }
}
