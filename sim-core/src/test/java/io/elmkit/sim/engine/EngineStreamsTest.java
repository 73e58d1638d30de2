package io.elmkit.sim.engine;

import static io.elmkit.sim.engine.EngineEqualsForwardTest.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.event.StepBatchCodec;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.ring.SpikeRing;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.Routing;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

/** Live inputs, back-pressure, slow sinks, spiking networks and changes while running (journals: spike-journal). */
class EngineStreamsTest {
    static final int CHANNELS = 64;

    static ElmModel smallModel(long seed) {
        ElmConfig config = ElmConfig.builder(CHANNELS, 2).numMemory(6).numBranch(8).numSynapsePerBranch(12)
            .routing(Routing.NEURONIO).memoryTauMaxMs(50).build();
        return ElmModel.initialise(config, seed);
    }

    /** Poisson input on {@code streams} streams and the event stepper's forward on it: what the engine must output. */
    private record Workload(ElmModel model, int streams, int steps, float[] x, float[] expected) {
        static Workload of(int modelSeed, int rasterSeed, int streams, int steps) throws InterruptedException {
            ElmModel model = smallModel(modelSeed);
            float[] x = PoissonRaster.dense(rasterSeed, streams, steps, CHANNELS, 6.0, 1.0);
            return new Workload(model, streams, steps, x, BatchForward.run(model, StepperKind.EVENT, x, streams, steps, 1));
        }
    }

    @Test
    void producersFasterThanTheEngineAreThrottledNotDropped() throws Exception {
        Workload w = Workload.of(1, 5, 4, 400);
        SpikeRing ring = SpikeRing.manyToOne(4096); // holds only a few dozen steps: producers must wait
        AtomicLong refused = new AtomicLong();
        Thread[] producers = new Thread[w.streams()];
        for (int s = 0; s < w.streams(); s++) {
            int stream = s;
            producers[s] = new Thread(() -> {
                StepBatch batch = new StepBatch();
                for (int t = 0; t < w.steps(); t++) {
                    batch.reset(stream, t);
                    for (int c = 0; c < CHANNELS; c++) {
                        float v = w.x()[(stream * w.steps() + t) * CHANNELS + c];
                        if (v != 0f) {
                            batch.add(c, v);
                        }
                    }
                    while (!ring.offer(batch)) {
                        refused.incrementAndGet();
                        Thread.yield();
                    }
                }
                ring.finish(stream, new YieldingIdleStrategy());
            });
        }
        Engine.Options options = Engine.Options.builder().threads(2).minShardNeurons(1).build();
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new RingInput(ring, w.streams(), CHANNELS, 1.0, "test ring"));
            int[][] ids = new int[w.streams()][];
            for (int s = 0; s < w.streams(); s++) {
                ids[s] = engine.addNeurons(NeuronSpec.listening(w.model(), input, s), 1);
            }
            ArrayOutputSink sink = new ArrayOutputSink(ids, 2, w.steps());
            engine.addSink(sink);
            // A slow sink: every 50th step it takes a millisecond, so the ring fills and producers wait.
            engine.addSink(out -> {
                if (out.step() % 50 == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
            });
            for (Thread p : producers) {
                p.start();
            }
            engine.run();
            for (Thread p : producers) {
                p.join();
            }
            assertEquals(w.steps(), sink.steps());
            assertBitIdentical(w.expected(), sink.output(), "ring input");
            assertTrue(refused.get() > 0, "the small ring should have pushed back on the producers");
        }
    }

    @Test
    void aSlowOutputConsumerLosesNothing() throws Exception {
        Workload w = Workload.of(2, 6, 3, 300);
        EventsFile events = EventsFile.fromDense(w.x(), w.streams(), w.steps(), CHANNELS, 1.0);
        SpikeRing out = SpikeRing.oneToOne(1024);
        float[] received = new float[w.expected().length];
        long[] messages = {0};
        Thread consumer = new Thread(() -> {
            int[] finished = {0};
            SpikeRing.Handler handler = new SpikeRing.Handler() {
                @Override
                public void onStepBatch(org.agrona.DirectBuffer buffer, int offset, int length) {
                    int neuron = StepBatchCodec.streamId(buffer, offset);
                    long step = StepBatchCodec.step(buffer, offset);
                    for (int i = 0; i < StepBatchCodec.count(buffer, offset); i++) {
                        int k = StepBatchCodec.channel(buffer, offset, i);
                        received[(int) ((neuron * w.steps() + step) * 2 + k)] = StepBatchCodec.value(buffer, offset, i);
                    }
                    messages[0]++;
                    if (messages[0] % 16 == 0) {
                        LockSupport.parkNanos(200_000); // slower than the engine
                    }
                }

                @Override
                public void onEndOfStream(int streamId) {
                    finished[0]++;
                }
            };
            while (finished[0] < w.streams()) {
                if (out.drain(handler, 8) == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        consumer.start();
        Engine.Options options = Engine.Options.builder().threads(2).minShardNeurons(1).build();
        RingOutputSink sink;
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "events"));
            int[] ids = new int[w.streams()];
            for (int s = 0; s < w.streams(); s++) {
                ids[s] = engine.addNeuron(NeuronSpec.listening(w.model(), input, s));
            }
            sink = RingOutputSink.outputs(out, ids, new SleepingIdleStrategy(100_000));
            engine.addSink(sink);
            engine.run();
        }
        consumer.join(60_000);
        assertFalse(consumer.isAlive(), "consumer should have seen every stream finish");
        assertEquals((long) w.streams() * w.steps(), messages[0], "one message per neuron and step");
        assertBitIdentical(w.expected(), received, "outputs through a slow ring consumer");
        assertTrue(sink.backPressureWaits() > 0, "the slow consumer should have made the engine wait");
    }

    @Test
    void spikesTravelOnConnectionsWithTheirDelay() throws Exception {
        ElmModel model = smallModel(4);
        int steps = 60;
        int delay = 3;
        int refractory = 4;
        int channel = 5;
        float weight = 0.75f;
        for (int threads : new int[] {1, 2}) {
            Engine.Options options = Engine.Options.builder().threads(threads).minShardNeurons(1).build();
            try (Engine engine = new Engine(options)) {
                // The source fires whenever sigmoid(y0) >= 0: every step it is allowed to (refractory 4).
                int source = engine.addNeuron(NeuronSpec.unfed(model).withSpikes(SpikeRule.sigmoidOfOutput(0, 0.0, refractory)));
                int target = engine.addNeuron(NeuronSpec.unfed(model));
                engine.connect(source, target, channel, weight, delay);
                ArrayOutputSink sink = new ArrayOutputSink(new int[][] {{source}, {target}}, 2, steps);
                engine.addSink(sink);
                assertEquals(steps, engine.run(steps));
                assertEquals(steps, engine.steps());
                // Expected: the target fed channel 5 with the weight at 0 + delay, 5 + delay, 10 + delay, ...
                float[] raster = new float[steps * CHANNELS];
                int spikes = 0;
                for (int t = 0; t + delay < steps; t += refractory + 1) {
                    raster[(t + delay) * CHANNELS + channel] = weight;
                    spikes++;
                }
                float[] expectedTarget = new EventStepper(model, 1).forward(raster, 1, steps);
                float[] out = sink.output();
                assertBitIdentical(expectedTarget, Arrays.copyOfRange(out, steps * 2, steps * 4), threads + " threads: target");
                assertTrue(sink.spikeCount() >= spikes, "source spikes recorded");
                assertEquals((long) ((steps - 1) / (refractory + 1) + 1), engine.spikesEmitted());
            }
        }
    }

    @Test
    void neuronsAddedAndRemovedWhileRunning() throws Exception {
        ElmModel model = smallModel(5);
        int steps = 150;
        int joinAt = 50;
        float[] x = PoissonRaster.dense(9, 1, steps, CHANNELS, 6.0, 1.0);
        EventsFile events = EventsFile.fromDense(x, 1, steps, CHANNELS, 1.0);
        Engine.Options options = Engine.Options.builder().threads(2).minShardNeurons(1).build();
        float[] late = new float[(steps - joinAt) * 2];
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "events"));
            int first = engine.addNeuron(NeuronSpec.listening(model, input, 0));
            int[] lateId = {-1};
            boolean[] firstSeenAfterRemoval = {false};
            engine.addSink(out -> {
                if (out.step() == joinAt - 1) {
                    lateId[0] = engine.addNeuron(NeuronSpec.listening(model, input, 0));
                    engine.removeNeuron(first);
                }
                if (out.step() >= joinAt) {
                    assertTrue(out.isLive(lateId[0]));
                    firstSeenAfterRemoval[0] |= out.isLive(first);
                    for (int k = 0; k < 2; k++) {
                        late[(int) (out.step() - joinAt) * 2 + k] = out.output(lateId[0], k);
                    }
                }
            });
            engine.run();
            assertFalse(firstSeenAfterRemoval[0], "a removed neuron is no longer reported");
        }
        // The late neuron starts from zero state at step 50, so it sees x[50:].
        float[] tail = Arrays.copyOfRange(x, joinAt * CHANNELS, steps * CHANNELS);
        assertBitIdentical(new EventStepper(model, 1).forward(tail, 1, steps - joinAt), late, "late neuron");
    }

    @Test
    void anInputAddedWhileRunningStartsAtItsOwnStepZeroAndCanBeRemoved() {
        ElmModel model = smallModel(8);
        int steps = 80;
        int joinAt = 30;
        float[] x = PoissonRaster.dense(10, 1, steps, CHANNELS, 6.0, 1.0);
        EventsFile events = EventsFile.fromDense(x, 1, steps, CHANNELS, 1.0);
        float[] late = new float[steps * 2];
        long[] lateSteps = {0};
        try (Engine engine = new Engine(Engine.Options.defaults())) {
            int first = engine.addInput(new EventsFileInput(events, "first"));
            engine.addNeuron(NeuronSpec.listening(model, first, 0));
            int[] lateNeuron = {-1};
            engine.addSink(out -> {
                if (out.step() == joinAt - 1) {
                    int second = engine.addInput(new EventsFileInput(events, "second"));
                    lateNeuron[0] = engine.addNeuron(NeuronSpec.listening(model, second, 0));
                }
                if (lateNeuron[0] >= 0 && out.isLive(lateNeuron[0])) {
                    for (int k = 0; k < 2; k++) {
                        late[(int) lateSteps[0] * 2 + k] = out.output(lateNeuron[0], k);
                    }
                    lateSteps[0]++;
                }
                if (out.step() == 50) {
                    engine.removeInput(first);
                }
            });
            // The second input replays the whole file from engine step 30, so the engine runs to 30 + 80.
            assertEquals(joinAt + steps, engine.run());
        }
        assertEquals(steps, lateSteps[0]);
        assertBitIdentical(new EventStepper(model, 1).forward(x, 1, steps), late, "input added at step 30");
    }

    @Test
    void aSinkThatDoesNotRecordStillChecksCopiesAndCountsSteps() {
        ElmModel model = smallModel(9);
        int steps = 50;
        EventsFile events = EventsFile.fromDense(PoissonRaster.dense(4, 2, steps, CHANNELS, 6.0, 1.0), 2, steps,
            CHANNELS, 1.0);
        Engine.Options options = Engine.Options.builder().threads(2).minShardNeurons(1).build();
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "events"));
            int[][] ids = {engine.addNeurons(NeuronSpec.listening(model, input, 0), 3),
                engine.addNeurons(NeuronSpec.listening(model, input, 1), 3)};
            ArrayOutputSink sink = new ArrayOutputSink(ids, 2, steps, false);
            engine.addSink(sink);
            engine.run();
            assertEquals(steps, sink.steps());
            assertEquals(0, sink.copyMismatches());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, sink::output);
        }
    }

    @Test
    void aModelThatDoesNotFitTheInputIsRefusedNamingBoth() {
        ElmModel model = smallModel(6);
        EventsFile events = EventsFile.fromDense(new float[10 * 32], 1, 10, 32, 1.0);
        try (Engine engine = new Engine(Engine.Options.defaults())) {
            int input = engine.addInput(new EventsFileInput(events, "in.npz"));
            engine.addNeuron(NeuronSpec.listening(model, input, 0));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> engine.run());
            assertTrue(e.getMessage().contains("in.npz") && e.getMessage().contains("num_input = 64")
                && e.getMessage().contains("32"), e.getMessage());
        }
    }

    @Test
    void realtimePacingRunsNoFasterThanTheClock() {
        ElmModel model = smallModel(7);
        int steps = 40;
        EventsFile events = EventsFile.fromDense(PoissonRaster.dense(1, 1, steps, CHANNELS, 4.0, 1.0), 1, steps, CHANNELS, 1.0);
        Engine.Options options = Engine.Options.builder().realtime(true).dtMs(1.0).idleStrategy(BusySpinIdleStrategy::new)
            .build();
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "events"));
            engine.addNeuron(NeuronSpec.listening(model, input, 0));
            engine.run();
            // 40 steps of 1 ms cannot finish in less than 39 ms of wall time when paced.
            assertTrue(engine.elapsedSeconds() >= 0.039, "elapsed " + engine.elapsedSeconds());
            assertTrue(engine.realTimeFactor() <= 1.05, "rtf " + engine.realTimeFactor());
        }
    }
}
