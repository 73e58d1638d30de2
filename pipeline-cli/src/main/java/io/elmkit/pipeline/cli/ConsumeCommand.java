package io.elmkit.pipeline.cli;

import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.cli.options.KafkaClientOptions;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.pipeline.OutputsCollector;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.TopicHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit consume}: an outputs topic into a file. */
@Command(name = "consume", resourceBundle = "io.elmkit.pipeline.cli.PipelineHelpTexts")
final class ConsumeCommand extends LoggedCommand {

    @Mixin TopicOptions kafka;

    @Mixin KafkaClientOptions kafkaClient;

    @Option(names = "--output", required = true, paramLabel = "OUT") Path output;

    @Option(names = "--timeout", paramLabel = "S") Double timeoutS;

    @Option(names = "--queue", defaultValue = "8192", paramLabel = "N") int queue;

    @Override
    int work() throws Exception {
        String topic = kafka.checkedTopic();
        String bootstrap = kafka.bootstrap;
        if (timeoutS != null && !(timeoutS > 0)) {
            throw new IllegalArgumentException("--timeout: expected seconds > 0, found " + timeoutS);
        }
        long start = System.nanoTime();
        long deadline = timeoutS == null ? Long.MAX_VALUE : start + (long) (timeoutS * 1e9);
        Duration wait = timeoutS == null ? Duration.ofDays(365) : Duration.ofMillis((long) (timeoutS * 1000));
        try (SpikeTopicReader reader = new SpikeTopicReader(bootstrap, topic, queue, wait,
            KafkaClientConfig.load(kafkaClient.file()))) {
            TopicHeader h = reader.header(wait);
            System.err.printf("consuming topic %s on %s: %s%n", topic, bootstrap, h);
            ProgressMeter progress = ProgressMeter.start("records", h.numSteps() < 0 ? -1 : (h.numSteps() + 1) * h.numStreams(), // + the end records
                System.err);
            OutputsCollector.Result r = OutputsCollector.collect(reader, output, deadline, progress, null);
            io.elmkit.cli.Populations.requireCopiesAgree(r.copyMismatches(), "the topic's writer is");
            if (!r.complete()) {
                System.err.printf(Locale.ROOT, "warning: --timeout after %.1f s: %d of %d streams ended; %s holds the %d"
                    + " steps received%n", r.seconds(), reader.endedCount(), h.numStreams(), output, r.steps());
            }
            System.err.printf(Locale.ROOT, "wrote %s: %d streams x %d steps x %d outputs from %,d records in %.2f s: %,.0f"
                    + " records/s%n", output, h.numStreams(), r.steps(), h.numChannels(), r.records(), r.seconds(),
                r.records() / Math.max(r.seconds(), 1e-9));
        }
        return 0;
    }
}
