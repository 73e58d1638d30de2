package io.elmkit.bench;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.event.StepBatchCodec;
import io.elmkit.io.ring.SpikeRing;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ring-buffer transfer in events per second (JMH ops/s = events/s): {@code producers} threads put
 * step batches of {@code eventsPerBatch} events, the benchmark thread drains and reads every event.
 */
@State(Scope.Benchmark)
public class RingBufferBenchmark extends BenchmarkDefaults {
    static final int BATCHES = 4096;

    /** Producer threads. */
    @Param({"1", "2"})
    public int producers;

    /** Events per step batch. */
    @Param({"16", "256"})
    public int eventsPerBatch;

    private SpikeRing ring;
    private Thread[] threads;
    private volatile boolean running;
    private double checksum;

    /** Creates the ring and starts the producers. */
    @Setup(Level.Trial)
    public void setUp() {
        ring = producers == 1 ? SpikeRing.oneToOne(1 << 22) : SpikeRing.manyToOne(1 << 22);
        running = true;
        threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int stream = p;
            threads[p] = new Thread(() -> {
                StepBatch batch = new StepBatch(eventsPerBatch);
                BusySpinIdleStrategy idle = new BusySpinIdleStrategy();
                for (long step = 0; running; step++) {
                    batch.reset(stream, step);
                    for (int i = 0; i < eventsPerBatch; i++) {
                        batch.add(i, 1f);
                    }
                    ring.put(batch, idle);
                }
            });
            threads[p].setDaemon(true);
            threads[p].start();
        }
    }

    /** Stops the producers. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        while (ring.drain((b, o, l) -> { }, Integer.MAX_VALUE) > 0) {
            Thread.onSpinWait();
        }
    }

    /** Drains enough messages for BATCHES * eventsPerBatch events; ops are normalised by eventsPerBatch below. */
    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public double transferBatches() {
        int[] got = {0};
        while (got[0] < BATCHES) {
            ring.drain((buffer, offset, length) -> {
                int n = StepBatchCodec.count(buffer, offset);
                for (int i = 0; i < n; i++) {
                    checksum += StepBatchCodec.value(buffer, offset, i);
                }
                got[0]++;
            }, BATCHES - got[0]);
        }
        return checksum;
    }
}
