package io.elmkit.pipeline.cli;

import io.elmkit.pipeline.EmbeddedBroker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit broker}: a single-node Kafka broker in this process until Ctrl-C. */
@Command(name = "broker", resourceBundle = "io.elmkit.pipeline.cli.PipelineHelpTexts")
final class BrokerCommand extends LoggedCommand {

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT") int port;

    @Option(names = "--dir", paramLabel = "DIR") Path dir;

    @Mixin
    BrokerListenerOptions security;

    @Override
    int work() throws Exception {
        Path data = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "elmkit-broker");
        EmbeddedBroker broker = EmbeddedBroker.start(data, port, security.load());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("broker: stopping");
            broker.stop();
            stopped.countDown();
        }, "broker-stop"));
        System.out.println(broker.bootstrap());
        System.err.printf("broker: Apache Kafka %s (KRaft, one node) at %s (%s), data in %s; Ctrl-C stops it%n",
            org.apache.kafka.common.utils.AppInfoParser.getVersion(), broker.bootstrap(), broker.listener(), data);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
