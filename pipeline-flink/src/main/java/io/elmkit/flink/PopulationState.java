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
     * With the ends of every stream sent to every key ({@link KafkaInputSchema}): the streams whose
     * end this key knows (bit s of word s / 64; its own included), how many, and the latest of those
     * ends (-1: none). The key steps its neurons until the latest end once every stream's is known.
     */
    public long[] endedStreams = new long[0];
    public int endsKnown;
    public long latestEnd = -1;

    /** Empty state, for Flink's serialiser. */
    public PopulationState() {
    }

    /** {@code endsOf}: the streams whose ends the key follows (0: only its own). */
    static PopulationState fresh(int neurons, int stateLength, int sources, int endsOf) {
        PopulationState s = new PopulationState();
        s.endedStreams = new long[(endsOf + 63) >>> 6];
        s.feedbackUpTo = new long[sources];
        s.feedbackEnd = new long[sources];
        java.util.Arrays.fill(s.feedbackUpTo, -1);
        java.util.Arrays.fill(s.feedbackEnd, -1);
        s.neuronState = new double[neurons * stateLength];
        s.refractoryLeft = new int[neurons];
        return s;
    }
}
