package io.elmkit.io.journal;

import io.elmkit.io.event.StepBatch;
import io.elmkit.sim.engine.OutputSink;
import io.elmkit.sim.engine.StepOutputs;

/**
 * Records outputs in a {@link SpikeJournal}, in time order: per step and neuron one record (stream
 * id = the neuron's index in {@code neurons}, channel k = output index, value = output k), so the
 * journal replays as a time-ordered stream (e.g. into another engine, or {@code elmkit convert} to
 * an events file).
 */
public final class JournalOutputSink implements OutputSink {
    private final SpikeJournal journal;
    private final int[] neurons;
    private final StepBatch batch = new StepBatch();

    /** Records the outputs of {@code neurons} (engine ids) in {@code journal}, neuron i as stream i. */
    public JournalOutputSink(SpikeJournal journal, int[] neurons) {
        this.journal = journal;
        this.neurons = neurons;
    }

    @Override
    public void onStep(StepOutputs out) {
        for (int i = 0; i < neurons.length; i++) {
            int id = neurons[i];
            if (!out.isLive(id)) {
                continue;
            }
            batch.reset(i, out.step());
            for (int k = 0, n = out.numOutput(id); k < n; k++) {
                batch.add(k, out.output(id, k));
            }
            journal.append(batch);
        }
    }
}
