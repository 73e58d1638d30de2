package io.elmkit.flink;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.npy.Npy;
import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.BatchForward;
import io.elmkit.sim.step.StepperKind;
import io.elmkit.testsupport.ReferenceData;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The golden models of golden/elm, their inputs doubled to 6 streams, and what `elmkit predict` gives on them. */
final class Golden {

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
        this.dir = ReferenceData.goldenElm(name);
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

    static Golden load(String name) throws Exception {
        return new Golden(name);
    }

    /** One MiniCluster per test class: 1 task manager with 4 slots (parallelism up to 4). */
    static MiniClusterExtension miniCluster() {
        Configuration conf = new Configuration();
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(conf).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());
    }
}
