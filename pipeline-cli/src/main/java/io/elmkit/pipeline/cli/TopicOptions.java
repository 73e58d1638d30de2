package io.elmkit.pipeline.cli;

import io.elmkit.pipeline.KafkaUri;
import picocli.CommandLine.Option;

/** {@code --bootstrap} and {@code --topic}: the Kafka topic a pipeline command writes or reads (a picocli {@code @Mixin}). */
final class TopicOptions {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT") String bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "T") String topic;

    /** The topic's name, checked as Kafka would (before any connection). */
    String checkedTopic() {
        KafkaUri.checkTopic("--topic", topic);
        return topic;
    }
}
