package io.elmkit.pipeline.cli;

import io.elmkit.cli.SpikeFiles;
import io.elmkit.cli.options.StreamingOptions;
import io.elmkit.io.FileKind;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.cli.options.KafkaClientOptions;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.pipeline.SpikePublisher;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.sim.engine.SpikeInput;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code elmkit publish}: a spike file into a Kafka topic. */
@Command(name = "publish", resourceBundle = "io.elmkit.pipeline.cli.PipelineHelpTexts")
final class PublishCommand extends LoggedCommand {

    @Parameters(index = "0", paramLabel = "IN") Path input;

    @Mixin TopicOptions kafka;

    @Mixin KafkaClientOptions kafkaClient;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "P") int partitions;

    @Mixin StreamingOptions streaming;

    @Option(names = "--dt-ms", paramLabel = "D") Double dtMs;

    @Override
    int work() throws Exception {
        boolean realtime = streaming.realtime();
        Double durationMs = streaming.durationMs();
        String topic = kafka.checkedTopic();
        String bootstrap = kafka.bootstrap;
        // The settings file is checked before a large input is read, so that a typo fails at once.
        KafkaClientConfig clientConfig = KafkaClientConfig.load(kafkaClient.file());
        FileKind kind = FileKind.of(input);
        SpikeJournal journal = null;
        try {
            SpikeInput source;
            long[] labels = null;
            if ((dtMs != null || durationMs != null) && kind != FileKind.HDF5) {
                throw new IllegalArgumentException("--dt-ms, --duration-ms: apply to an SHD .h5 only; " + input + " is "
                    + kind.describe());
            }
            if (kind == FileKind.HDF5 && dtMs == null) {
                throw new IllegalArgumentException("--dt-ms: required for an SHD .h5 (" + input + "): the step to bin"
                    + " its spike times at, the model's delta_t");
            }
            SpikeFiles.Opened opened = kind == FileKind.HDF5 ? ShdSpikeTimes.open(input, dtMs, durationMs) // with time_s
                : SpikeFiles.open(input, kind, dtMs != null ? dtMs : Double.NaN, durationMs, System.err);
            if (opened == null) {
                throw new IllegalArgumentException(input + ": publish reads an events .npz, an SHD-Adding .npz, a journal"
                    + " directory or an SHD .h5; this is " + kind.describe());
            }
            journal = opened.journal();
            source = opened.source();
            labels = opened.labels();
            if (labels != null && labels.length != source.numStreams()) {
                labels = null; // a journal's labels cover its labelled samples only when they match the streams
            }
            System.err.printf(Locale.ROOT, "publishing %s: %d streams x %d channels, %s steps of %s ms to topic %s on %s%s%n",
                input.getFileName(), source.numStreams(), source.numChannels(),
                source.numSteps() < 0 ? "unknown" : Long.toString(source.numSteps()), source.dtMs(), topic, bootstrap,
                realtime ? ", paced to real time" : "");
            long total = source.numSteps() < 0 ? -1 : source.numSteps() * source.numStreams();
            ProgressMeter progress = ProgressMeter.start("records", total, System.err);
            SpikePublisher.Result r;
            try (SpikeTopicWriter writer = new SpikeTopicWriter(bootstrap, topic, partitions, realtime, clientConfig)) {
                String name = input.getFileName().toString();
                r = opened.events() != null
                    ? SpikePublisher.publish(opened.events(), name, writer, realtime, progress, null) // with time_s
                    : SpikePublisher.publish(source, labels, name, writer, realtime, progress, null);
            }
            System.err.printf(Locale.ROOT, "published %,d records (%,d events, %,d steps x %d streams) to %s in %.2f s:"
                    + " %,.0f records/s, %,.0f events/s%n", r.records(), r.events(), r.steps(), source.numStreams(), topic,
                r.seconds(), r.recordsPerSecond(), r.eventsPerSecond());
            return 0;
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
    }
}
