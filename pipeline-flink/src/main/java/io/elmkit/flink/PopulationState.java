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

    /** Whether the stream's end marker went out (after its last step: with connections it may wait for feedback). */
    public boolean endSent;
    /**
     * With {@code --connections}, per source stream that connects to this one (NetworkRoutes.Incoming
     * order): every step up to this one has its feedback record here (-1: none yet).
     */
    public long[] feedbackUpTo = new long[0];
    /** Per source stream: its number of steps once its end came as feedback, else -1. */
    public long[] feedbackEnd = new long[0];

    /**
     * With the streams' ends collected by {@link EndsCollector}: the latest end this key knows (its own,
     * or the one every stream's key is told; -1: none), and whether it was told that every stream has
     * ended. The key steps its neurons until the latest end once every stream has ended.
     */
    public long latestEnd = -1;
    public boolean allEnded;

    /** {@link #layout} of state written since the streams' ends are collected in one place ({@link EndsCollector}). */
    static final int ENDS_COLLECTED = 1;
    /**
     * What this state holds: {@link #ENDS_COLLECTED}, or 0 in a savepoint of an older elmkit (Flink's
     * serialiser leaves a field the savepoint lacks at its default): its job kept no stream ends.
     */
    public int layout;

    /** Empty state, for Flink's serialiser. */
    public PopulationState() {
    }

    static PopulationState fresh(int neurons, int stateLength, int sources) {
        PopulationState s = new PopulationState();
        s.layout = ENDS_COLLECTED;
        s.feedbackUpTo = new long[sources];
        s.feedbackEnd = new long[sources];
        java.util.Arrays.fill(s.feedbackUpTo, -1);
        java.util.Arrays.fill(s.feedbackEnd, -1);
        s.neuronState = new double[neurons * stateLength];
        s.refractoryLeft = new int[neurons];
        return s;
    }
}
