package io.elmkit.sim.engine;

import static io.elmkit.sim.engine.EngineEqualsForwardTest.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.synthetic.PoissonRaster;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Small populations stay on few shards (no hand-off per step), large ones spread evenly; results never change. */
class EnginePlacementTest {
    private static final int STREAMS = 4;
    private static final int STEPS = 40;

    /** Runs {@code perStream} neurons on each of 4 Poisson streams; returns (outputs, shard loads before the run). */
    private static Object[] run(Engine.Options options, int perStream) {
        ElmModel model = EngineStreamsTest.smallModel(3);
        float[] x = PoissonRaster.dense(11, STREAMS, STEPS, EngineStreamsTest.CHANNELS, 6.0, 1.0);
        EventsFile events = EventsFile.fromDense(x, STREAMS, STEPS, EngineStreamsTest.CHANNELS, 1.0);
        try (Engine engine = new Engine(options)) {
            int input = engine.addInput(new EventsFileInput(events, "events"));
            int[][] ids = new int[STREAMS][];
            for (int s = 0; s < STREAMS; s++) {
                ids[s] = engine.addNeurons(NeuronSpec.listening(model, input, s), perStream);
            }
            ArrayOutputSink sink = new ArrayOutputSink(ids, model.numOutput(), STEPS);
            engine.addSink(sink);
            int foreseen = engine.shardsFor((long) STREAMS * perStream); // what run prints before the first step
            assertEquals(1, engine.run(1), "first step");
            int[] loads = engine.shardLoads();
            assertEquals(Arrays.stream(loads).filter(l -> l > 0).count(), engine.shardsInUse(), "shards in use");
            assertEquals(foreseen, engine.shardsInUse(), "shardsFor foresees the placement");
            engine.run();
            assertEquals(0, sink.copyMismatches(), "copies on one stream agree bit for bit");
            return new Object[] {sink.output(), loads};
        }
    }

    @Test
    void hundredNeuronsOnTwoThreadsUseOneShardAndEqualOneThread() {
        Object[] one = run(Engine.Options.builder().threads(1).build(), 25);
        Object[] two = run(Engine.Options.builder().threads(2).build(), 25);
        Object[] spread = run(Engine.Options.builder().threads(2).minShardNeurons(1).build(), 25);
        assertArrayEquals(new int[] {100, 0}, (int[]) two[1], "100 neurons stay on the coordinating thread");
        int[] spreadLoads = (int[]) spread[1];
        assertTrue(spreadLoads[0] + spreadLoads[1] == 100 && Math.abs(spreadLoads[0] - spreadLoads[1]) <= STREAMS,
            "minShardNeurons(1) spreads them: " + Arrays.toString(spreadLoads));
        assertBitIdentical((float[]) one[0], (float[]) two[0], "threads=2, one shard");
        assertBitIdentical((float[]) one[0], (float[]) spread[0], "threads=2, spread");
    }

    @Test
    void largePopulationsSpreadEvenlyOverEveryThread() {
        int blockCapacity = 256;
        for (int threads : new int[] {2, 3}) {
            // 4 x 500 = 2,000 neurons: ceil(2000 / 256) = 8 shards wanted, all threads used.
            int[] loads = (int[]) run(Engine.Options.builder().threads(threads).blockCapacity(blockCapacity).build(),
                500)[1];
            assertEquals(threads, loads.length);
            int min = Arrays.stream(loads).min().getAsInt();
            int max = Arrays.stream(loads).max().getAsInt();
            assertEquals(2000, Arrays.stream(loads).sum());
            assertTrue(min > 0 && max - min <= blockCapacity, threads + " threads: loads " + Arrays.toString(loads));
        }
    }

    @Test
    void neuronsAddedOneByOneSpreadOnceTheyFillAShard() {
        ElmModel model = EngineStreamsTest.smallModel(3);
        try (Engine engine = new Engine(Engine.Options.builder().threads(3).minShardNeurons(10).build())) {
            for (int i = 0; i < 10; i++) {
                engine.addNeuron(NeuronSpec.unfed(model));
            }
            engine.run(1);
            assertArrayEquals(new int[] {10, 0, 0}, engine.shardLoads());
            for (int i = 0; i < 20; i++) {
                engine.addNeuron(NeuronSpec.unfed(model));
            }
            engine.run(1);
            assertArrayEquals(new int[] {10, 10, 10}, engine.shardLoads());
            assertEquals(3, engine.shardsInUse());
        }
    }
}
