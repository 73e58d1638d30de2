package io.elmkit.bench;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** Journal append and replay in step batches (16 events each) per second. */
public class JournalBenchmark extends BenchmarkDefaults {
    static final int BATCHES = 10_000;
    private Path dir;
    private SpikeJournal journal;
    private SpikeJournal replayJournal;
    private final StepBatch batch = new StepBatch(16);
    private long step;

    /** Creates the batches and a journal to replay. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("elmkit-journal-bench");
        journal = SpikeJournal.create(dir.resolve("append"), new JournalHeader(1000, 1.0, 0, "bench"));
        replayJournal = SpikeJournal.create(dir.resolve("replay"), new JournalHeader(1000, 1.0, 0, "bench"));
        for (int s = 0; s < BATCHES; s++) {
            replayJournal.append(fill(s));
        }
    }

    private StepBatch fill(long s) {
        batch.reset(0, s);
        for (int i = 0; i < 16; i++) {
            batch.add(i, 1f);
        }
        return batch;
    }

    /** Closes the journals and deletes their files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        journal.close();
        replayJournal.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Appends the batches to a journal. */
    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public long append() {
        long last = 0;
        for (int i = 0; i < BATCHES; i++) {
            last = journal.append(fill(step++));
        }
        return last;
    }

    /** Replays the journal. */
    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public long replay() throws IOException {
        return replayJournal.replay((index, b) -> { });
    }
}
