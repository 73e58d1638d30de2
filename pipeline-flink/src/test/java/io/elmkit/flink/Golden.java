package io.elmkit.flink;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The golden models of ../shared/golden/elm, their inputs doubled to 6 streams, and what `elmkit predict` gives on them. */
final class Golden {
    static final String[] NAMES = {"num_memory_10", "synthetic-branch", "synthetic-plain", "synthetic-random-routing",
        "synthetic-silu2", "v2-branch"};

    final String name;
    final Path dir;
    final ElmModel model;
    final int streams;
    final int steps;
    /** predict's output (streams, steps, d_o), C order. */
    final float[] predicted;
    final EventsFile events;

    private Golden(String name) throws Exception {
        this.name = name;
        this.dir = dirOf(name);
        assumeTrue(Files.isDirectory(dir), dir + " not present: skipping " + name);
        model = ModelDirectory.load(dir);
        NdArray x = Npy.read(dir.resolve("input.npy"));
        int[] shape = x.shape();
        float[] once = x.toFloatArray();
        float[] twice = new float[once.length * 2];
        System.arraycopy(once, 0, twice, 0, once.length);
        System.arraycopy(once, 0, twice, once.length, once.length);
        streams = shape[0] * 2;
        steps = shape[1];
        // What `elmkit predict` computes (PredictCommand: BatchForward.run with the event stepper).
        predicted = BatchForward.run(model, StepperKind.EVENT, twice, streams, steps, 1);
        events = EventsFile.fromDense(twice, streams, steps, shape[2], model.config().deltaTMs());
    }

    static Path dirOf(String name) {
        return Path.of(System.getProperty("elmkit.shared", "../shared"), "golden", "elm", name);
    }

    static Golden load(String name) throws Exception {
        return new Golden(name);
    }

    static Stream<String> names() {
        return Stream.of(NAMES);
    }

    /** One MiniCluster per test class: 1 task manager with 4 slots (parallelism up to 4). */
    static MiniClusterExtension miniCluster() {
        Configuration conf = new Configuration();
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());
    }
}
